import { describe, expect, it } from 'vitest';
import { catalogueFromListing, fontconfigFile } from '../../src/write/fontconfig.js';

describe('fontconfigFile', () => {
  it('builds on the system configuration and assigns each missing face its stand-in, strongly', () => {
    const conf = fontconfigFile({ systemConfig: '/etc/fonts/fonts.conf', substitutions: { 仿宋_GB2312: 'FandolFang' } });
    expect(conf).toContain('<include ignore_missing="yes">/etc/fonts/fonts.conf</include>');
    expect(conf).toContain(
      '<match target="pattern"><test name="family"><string>仿宋_GB2312</string></test><edit name="family" mode="assign" binding="strong"><string>FandolFang</string></edit></match>',
    );
  });
});

describe('catalogueFromListing', () => {
  it('knows every name of a family and the languages it covers, without regard to case', () => {
    const catalogue = catalogueFromListing('cwTeXFangSong,cwTeX 仿宋體\taa|zh-tw\nAR PL UKai CN\tzh-cn|zh-tw\n');
    expect(catalogue.has('cwTeX 仿宋體')).toBe(true);
    expect(catalogue.has('ar pl ukai cn')).toBe(true);
    expect(catalogue.covers('cwTeXFangSong', 'zh-TW')).toBe(true);
    expect(catalogue.covers('cwTeXFangSong', 'zh-cn')).toBe(false);
    expect(catalogue.has('FandolFang')).toBe(false);
  });
});
