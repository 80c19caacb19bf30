// Layout: the page in whole twips, as w:pgSz / w:pgMar need it (GB/T 9704-2012 5.1, 5.2.1).
//
// Rounding each margin on its own would let the text area (版心) drift by a twip or two from
// 156 × 225 mm, and the text area is what 5.2.3's 22 × 28 grid has to fill. So the text area is
// rounded once, and the binding-side margins (top and left, the ones the standard gives with a
// ±1 mm tolerance) take what rounding leaves over: A4 gives 2098 / 1984 / 1588 / 1474 twips.

export interface PageSetup {
  width: number;
  height: number;
  margins: { top: number; bottom: number; left: number; right: number };
}

export interface PageGeometry {
  width: number;
  height: number;
  margins: { top: number; bottom: number; left: number; right: number };
  textWidth: number;
  textHeight: number;
}

/** Whole twips for a page given in exact twips (the profile's lengths are unrounded). */
export function pageGeometry(page: PageSetup): PageGeometry {
  const width = Math.round(page.width);
  const height = Math.round(page.height);
  const textWidth = Math.round(page.width - page.margins.left - page.margins.right);
  const textHeight = Math.round(page.height - page.margins.top - page.margins.bottom);
  const right = Math.round(page.margins.right);
  const bottom = Math.round(page.margins.bottom);
  return {
    width,
    height,
    margins: { top: height - bottom - textHeight, bottom, left: width - right - textWidth, right },
    textWidth,
    textHeight,
  };
}
