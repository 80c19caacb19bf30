// Write stage: one LibreOffice kept running for the PDFs of `build --watch` (the preview shows HTML
// and makes no PDF; a PDF-making preview would call keepOfficeWarm too). Starting
// LibreOffice costs seconds (its libraries, then Writer and the fonts) on every rebuild; a running
// instance converts the next DOCX in a fraction of that.
//
// The instance listens on a named pipe (`--accept`); each conversion is asked of it by a short
// Python script through LibreOffice's UNO bridge (Debian's python3-uno). Forwarding
// `soffice --convert-to` to a running instance was tried first: LibreOffice 7.4 shuts the instance
// down after the first forwarded conversion, so the second one started cold again.
// Without python3-uno, or when the instance fails, pdf.ts converts the one-off way.

import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Connects to the instance (waiting while it starts), loads the DOCX hidden, stores the PDF. */
const CONVERT_SCRIPT = `
import sys, time, uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
pipe, source, target = sys.argv[1:4]
resolver = uno.getComponentContext().ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", uno.getComponentContext())
deadline = time.time() + 170
while True:
    try:
        context = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
        break
    except NoConnectException:
        if time.time() > deadline: raise
        time.sleep(0.1)
desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
def prop(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p
document = desktop.loadComponentFromURL(source, "_blank", 0, (prop("Hidden", True), prop("ReadOnly", True)))
try:
    document.storeToURL(target, (prop("FilterName", "writer_pdf_Export"),))
finally:
    document.close(True)
`;

const TERMINATE_SCRIPT = `
import sys, uno
resolver = uno.getComponentContext().ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", uno.getComponentContext())
context = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % sys.argv[1])
try:
    context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context).terminate()
except Exception:
    pass  # The bridge closes as the instance goes: that is the expected end.
`;

/** A Python that can import LibreOffice's UNO bridge: Debian installs it for the system Python only. */
let python: string | null | undefined;
function unoPython(): string | undefined {
  if (python === undefined) {
    python = null;
    for (const candidate of ['/usr/bin/python3', 'python3']) {
      if (spawnSync(candidate, ['-c', 'import uno'], { stdio: 'ignore', timeout: 10_000 }).status === 0) {
        python = candidate;
        break;
      }
    }
  }
  return python ?? undefined;
}

interface Instance {
  child: ChildProcess;
  scratch: string;
  pipe: string;
  /** The fontconfig file it was started with: a document needing other stand-ins needs a new instance. */
  fontsConf: string;
}

let keepWarm = false;
let instance: Instance | undefined;

/** Watch mode calls this once: from then on PDFs are converted by a running LibreOffice. */
export function keepOfficeWarm(): void {
  keepWarm = true;
}

/** Stops the running instance (if any); conversions are one-off again until keepOfficeWarm. */
export function stopWarmOffice(): void {
  keepWarm = false;
  stopInstance();
}

/** True when conversions may go to a warm instance (asked for, and python3-uno is there). */
export function officeWarmable(): boolean {
  return keepWarm && unoPython() !== undefined;
}

/**
 * Converts with the running instance, starting it (with `fontsConf` as its fontconfig file) first
 * when there is none or it was started with other fonts; false when that did not work, so the
 * caller converts the one-off way.
 */
export async function convertWarm(office: string, fontsConf: string, docxPath: string, pdfPath: string): Promise<boolean> {
  const py = unoPython();
  if (!py) return false;
  if (instance && (instance.fontsConf !== fontsConf || instance.child.exitCode !== null)) stopInstance();
  instance ??= startInstance(office, fontsConf);
  const { pipe } = instance;
  const converted = await new Promise<boolean>((resolve) => {
    execFile(py, ['-c', CONVERT_SCRIPT, pipe, pathToFileURL(path.resolve(docxPath)).href, pathToFileURL(path.resolve(pdfPath)).href], { timeout: 180_000 }, (error) =>
      resolve(!error),
    );
  });
  if (!converted) stopInstance();
  return converted && existsSync(pdfPath);
}

function startInstance(office: string, fontsConf: string): Instance {
  const scratch = mkdtempSync(path.join(tmpdir(), 'summarize-warm-office-'));
  // The instance reads the fontconfig file whenever it loads fonts: it keeps its own copy.
  const ownConf = path.join(scratch, 'fonts.conf');
  writeFileSync(ownConf, fontsConf);
  const pipe = `summarize-${process.pid}-${path.basename(scratch)}`;
  const child = spawn(
    office,
    [
      `-env:UserInstallation=${pathToFileURL(path.join(scratch, 'profile')).href}`,
      '--headless',
      '--invisible',
      '--norestore',
      '--nologo',
      `--accept=pipe,name=${pipe};urp;`,
    ],
    // soffice is a launcher that starts soffice.bin: in a process group of their own, both are
    // stopped together.
    { env: { ...process.env, FONTCONFIG_FILE: ownConf }, stdio: 'ignore', detached: true },
  );
  // It must neither keep node running nor outlive it.
  child.unref();
  if (!stopOnExit) {
    stopOnExit = true;
    process.once('exit', stopInstance);
  }
  return { child, scratch, pipe, fontsConf };
}

let stopOnExit = false;

/**
 * Asked to terminate through UNO, LibreOffice removes the pipes it made in /tmp (which it uses
 * whatever TMPDIR says); killed, it leaves them. Runs synchronously: it is also the exit handler.
 */
function stopInstance(): void {
  if (!instance) return;
  const py = unoPython();
  const pid = instance.child.pid;
  if (py && pid !== undefined && running(pid)) {
    spawnSync(py, ['-c', TERMINATE_SCRIPT, instance.pipe], { stdio: 'ignore', timeout: 15_000 });
    // Terminating takes LibreOffice a moment; its pipes are gone only once it has exited.
    const pause = new Int32Array(new SharedArrayBuffer(4));
    for (let waited = 0; waited < 10_000 && running(pid); waited += 50) Atomics.wait(pause, 0, 0, 50);
  }
  try {
    if (pid !== undefined) process.kill(-pid, 'SIGKILL');
  } catch {
    // Exited, as asked.
  }
  rmSync(instance.scratch, { recursive: true, force: true });
  rmSync(path.join('/tmp', `OSL_PIPE_${process.getuid?.() ?? 0}_${instance.pipe}`), { force: true });
  instance = undefined;
}

/** Whether the launcher still runs; an exit handler cannot reap it, so a zombie counts as exited. */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
