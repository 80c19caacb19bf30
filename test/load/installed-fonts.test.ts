// The fonts installed here, as the build fingerprint counts them for a PDF: every folder
// fontconfig's configuration names (its includes followed), each with its modification time.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { installedFontsStamp } from '../../src/load/installed-fonts.js';
import { temporaryFolder } from '../helpers/temp.js';

describe('installedFontsStamp', () => {
  const root = temporaryFolder('installed-fonts');
  const home = path.join(root, 'home');
  const env = { FONTCONFIG_FILE: path.join(root, 'etc/fonts.conf'), XDG_DATA_HOME: path.join(home, 'data'), XDG_CONFIG_HOME: path.join(home, 'config') };
  const file = (name: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  };
  file('etc/fonts.conf', '<fontconfig><dir>/nonexistent/fonts</dir><dir prefix="xdg">fonts</dir><include ignore_missing="yes">conf.d</include><include prefix="xdg">fontconfig/user.conf</include></fontconfig>');
  file('etc/conf.d/10-tex.conf', `<fontconfig><dir>${path.join(root, 'tex/fonts')}</dir></fontconfig>`);
  file('home/config/fontconfig/user.conf', `<fontconfig><dir>${path.join(root, 'user/fonts')}</dir></fontconfig>`);
  mkdirSync(path.join(root, 'tex/fonts/opentype/fandol'), { recursive: true });
  mkdirSync(path.join(home, 'data/fonts'), { recursive: true });

  const folders = () => installedFontsStamp(env).map((line) => line.split('\t')[0]);

  it('names the configuration files and every font folder below those they name, included files and XDG folders too', () => {
    expect(folders()).toEqual(
      expect.arrayContaining([
        env.FONTCONFIG_FILE,
        path.join(root, 'etc/conf.d/10-tex.conf'),
        path.join(home, 'config/fontconfig/user.conf'),
        '/nonexistent/fonts',
        path.join(home, 'data/fonts'),
        path.join(root, 'tex/fonts'),
        path.join(root, 'tex/fonts/opentype/fandol'),
        path.join(root, 'user/fonts'),
      ]),
    );
  });

  it('changes when a font is installed in a folder deep down, and again when it is removed; not otherwise', () => {
    const before = installedFontsStamp(env);
    expect(installedFontsStamp(env)).toEqual(before);
    const font = path.join(root, 'tex/fonts/opentype/fandol/FandolFang-Regular.otf');
    writeFileSync(font, 'a font');
    const installed = installedFontsStamp(env);
    expect(installed).not.toEqual(before);
    rmSync(font);
    expect(installedFontsStamp(env)).not.toEqual(installed);
  });

  it('changes when a configuration file is added to conf.d', () => {
    const before = installedFontsStamp(env);
    file('etc/conf.d/20-more.conf', '<fontconfig/>');
    expect(installedFontsStamp(env)).not.toEqual(before);
  });
});
