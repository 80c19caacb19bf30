// Write stage: LibreOffice driven through its UNO bridge (Debian's python3-uno), which is how a
// PDF gets what the DOCX says and LibreOffice's DOCX import drops: w:autoSpaceDE/DN (the gap
// between Chinese and digits, see docx.ts withAutospace), set here on every paragraph style
// before the PDF is stored. Each conversion is a short Python script sent to an instance
// listening on a named pipe (`--accept`): in `build --watch` one instance is kept running
// (starting LibreOffice costs seconds on every rebuild), otherwise one is started for the
// conversion and stopped after it, which costs what `soffice --convert-to` costs (measured with
// hyperfine: 3.2 s ± 0.9 against 3.4 s ± 0.9, load 4.3). Forwarding `soffice --convert-to` to a
// running instance was tried first: LibreOffice 7.4 shuts the instance down after the first
// forwarded conversion. Without python3-uno, or when the instance fails twice, pdf.ts converts
// the one-off way and says what that PDF lacks.

import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Connects to the instance (waiting while it starts), loads the DOCX hidden, gives every paragraph
 * style the autospace the DOCX's defaults say (ParaIsCharacterDistance), stores the PDF.
 */
const CONVERT_SCRIPT = `
import os, sys, time, uno
from com.sun.star.beans import PropertyValue
pipe, source, target, autospace = sys.argv[1:5]
resolver = uno.getComponentContext().ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", uno.getComponentContext())
def prop(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p
# A starting instance refuses the connection, and on a busy machine may also drop it or load
# nothing while it is still setting up: all of that is waited out, then the last error is raised.
deadline = time.time() + 170
while True:
    try:
        context = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        document = desktop.loadComponentFromURL(source, "_blank", 0, (prop("Hidden", True), prop("ReadOnly", True)))
        if document is None: raise RuntimeError("LibreOffice loaded nothing from " + source)
        break
    except Exception:
        if time.time() > deadline: raise
        time.sleep(0.2)
try:
    styles = document.StyleFamilies.getByName("ParagraphStyles")
    for name in styles.ElementNames:
        styles.getByName(name).ParaIsCharacterDistance = autospace == "1"
    document.storeToURL(target, (prop("FilterName", "writer_pdf_Export"),))
finally:
    document.close(True)
# Python's exit tears the bridge down while its writer thread may still run, and on a busy machine
# that thread now and then crashes (binaryurpWriter segfaults in libuno_cppu, seen in dmesg): the
# PDF is stored by now, so the process leaves without that teardown.
os._exit(0)
`;

/** The script's own wait for a starting instance is 170 s; this is the limit on the whole. */
const CONVERT_TIMEOUT_MS = 180_000;

const TERMINATE_SCRIPT = `
import sys, uno
resolver = uno.getComponentContext().ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", uno.getComponentContext())
context = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % sys.argv[1])
try:
    context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context).terminate()
except Exception:
    pass  # The bridge closes as the instance goes: that is the expected end.
`;

/**
 * A Python that can import LibreOffice's UNO bridge: Debian installs it for the system Python
 * only; SUMMARIZE_PYTHON names another (LibreOffice's own on Windows and macOS).
 */
let python: string | null | undefined;
function unoPython(): string | undefined {
  if (python === undefined) {
    python = null;
    for (const candidate of pythonCandidates()) {
      if (spawnSync(candidate, ['-c', 'import uno'], { stdio: 'ignore', timeout: 10_000 }).status === 0) {
        python = candidate;
        break;
      }
    }
  }
  return python ?? undefined;
}

/** Whether a conversion would be tried through UNO here (a Python that can import uno is found). */
export function unoAvailable(): boolean {
  return unoPython() !== undefined;
}

function pythonCandidates(): string[] {
  const named = process.env['SUMMARIZE_PYTHON'];
  return named ? [named] : ['/usr/bin/python3', 'python3'];
}

interface Instance {
  child: ChildProcess;
  scratch: string;
  pipe: string;
  /** The fontconfig file it was started with: a document needing other stand-ins needs a new instance. */
  fontsConf: string;
}

/** What LibreOffice is told besides the DOCX: the layout its DOCX import leaves out. */
export interface UnoLayout {
  /** The DOCX's w:autoSpaceDE/DN (the profile's grid.autospace). */
  autospace: boolean;
}

let keepWarm = false;
/** The instance kept running in watch mode. */
let warm: Instance | undefined;
/** Every instance started and not yet stopped, stopped when node exits. */
const live = new Set<Instance>();

/** Watch mode calls this once: from then on PDFs are converted by a running LibreOffice. */
export function keepOfficeWarm(): void {
  keepWarm = true;
}

/** Stops the running instance (if any); conversions are one-off again until keepOfficeWarm. */
export function stopWarmOffice(): void {
  keepWarm = false;
  stopWarmInstance();
}

/** Whether the PDF was stored through UNO; if not, why and what to do, in words for the user. */
export type UnoOutcome = { converted: true } | { converted: false; why: string; fix: string };

/** A starting LibreOffice now and then fails its first conversion on a busy machine (seen in CI). */
const ATTEMPTS = 2;

/**
 * Converts through UNO: in watch mode with the running instance, started (with `fontsConf` as its
 * fontconfig file) when there is none or it was started with other fonts; otherwise with an
 * instance of its own, stopped afterwards. An instance that failed is stopped and the conversion
 * tried once more with a new one; after that, or when python3-uno is missing, the caller converts
 * the one-off way.
 */
export async function convertThroughUno(office: string, fontsConf: string, docxPath: string, pdfPath: string, layout: UnoLayout): Promise<UnoOutcome> {
  const py = unoPython();
  if (!py) {
    const named = process.env['SUMMARIZE_PYTHON'];
    return {
      converted: false,
      why: named ? `环境变量 SUMMARIZE_PYTHON 所指的 ${named} 不能导入 uno` : '没有安装 python3-uno',
      fix: '安装 python3-uno（apt-get install python3-uno）后用 --force 重新生成；LibreOffice 自带 Python 的（Windows、macOS），用环境变量 SUMMARIZE_PYTHON 指向它',
    };
  }
  let failure = '';
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    if (warm && (warm.fontsConf !== fontsConf || warm.child.exitCode !== null)) stopWarmInstance();
    const instance = keepWarm ? (warm ??= startInstance(office, fontsConf)) : startInstance(office, fontsConf);
    const error = await convertWith(py, instance, docxPath, pdfPath, layout);
    // The warm instance is kept while it works; an instance of its own, or one that failed, is stopped.
    if (error !== undefined && instance === warm) stopWarmInstance();
    else if (instance !== warm) stopInstance(instance);
    if (error === undefined) return { converted: true };
    failure = error;
  }
  return { converted: false, why: `LibreOffice 经 python3-uno 转换 ${ATTEMPTS} 次都失败（${failure}）`, fix: '用 --force 重新生成；仍然如此时，以 DOCX 为准' };
}

function stopWarmInstance(): void {
  if (warm) stopInstance(warm);
  warm = undefined;
}

/** Undefined when the PDF was stored; else the last line Python printed (the exception), or what went wrong. */
async function convertWith(py: string, instance: Instance, docxPath: string, pdfPath: string, layout: UnoLayout): Promise<string | undefined> {
  const args = ['-c', CONVERT_SCRIPT, instance.pipe, pathToFileURL(path.resolve(docxPath)).href, pathToFileURL(path.resolve(pdfPath)).href, layout.autospace ? '1' : '0'];
  const error = await new Promise<string | undefined>((resolve) => {
    execFile(py, args, { timeout: CONVERT_TIMEOUT_MS }, (failed, _stdout, stderr) => {
      if (!failed) resolve(undefined);
      else if (failed.killed) resolve(`${CONVERT_TIMEOUT_MS / 1000} 秒内没有完成`);
      else resolve(String(stderr).trim().split('\n').at(-1) || (failed.signal ? `Python 被信号 ${failed.signal} 终止` : `Python 退出码 ${String(failed.code)}`));
    });
  });
  return error ?? (existsSync(pdfPath) ? undefined : '没有写出 PDF');
}

function startInstance(office: string, fontsConf: string): Instance {
  const scratch = mkdtempSync(path.join(tmpdir(), 'summarize-office-'));
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
    process.once('exit', () => [...live].forEach(stopInstance));
  }
  const instance = { child, scratch, pipe, fontsConf };
  live.add(instance);
  return instance;
}

let stopOnExit = false;

/**
 * Asked to terminate through UNO, LibreOffice removes the pipes it made in /tmp (which it uses
 * whatever TMPDIR says); killed, it leaves them. Runs synchronously: it is also the exit handler.
 */
function stopInstance(instance: Instance): void {
  if (!live.delete(instance)) return;
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
}

/** Whether the launcher still runs; an exit handler cannot reap it, so a zombie counts as exited. */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
