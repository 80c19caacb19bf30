// Model: what messages quote of a user's text.

import { describe, expect, it } from 'vitest';
import { shortened } from '../../src/model/diagnostic.js';

describe('shortened: text quoted in a message', () => {
  it('keeps text up to the length as it is', () => {
    expect(shortened('宣讲')).toBe('宣讲');
    expect(shortened('a'.repeat(40))).toBe('a'.repeat(40));
  });

  it('cuts longer text at the length and marks the cut', () => {
    expect(shortened('a'.repeat(41))).toBe(`${'a'.repeat(40)}…`);
    expect(shortened('青年大学习网上主题团课', 4)).toBe('青年大学…');
  });

  it('does not cut a character outside the BMP in half', () => {
    const text = `${'a'.repeat(39)}𠀀bc`;
    expect(shortened(text)).toBe(`${'a'.repeat(39)}…`);
    expect(shortened(`${'a'.repeat(38)}𠀀bc`)).toBe(`${'a'.repeat(38)}𠀀…`);
  });
});
