// The preview page's script (served by src/preview/server.ts; no library, no network beyond the
// server it came from). It listens for server-sent events, fetches the new state after each
// rebuild, pours each document's HTML into A4 pages where the browser's own line breaks fall,
// shows the problems of a broken build above the last good pages, and opens a figure's sources
// when it is clicked. Data is only ever put on the page as text (textContent), except the
// documents' and the stats' HTML, which the server has escaped.

'use strict';

const STATS_TAB = '统计图';
const view = document.getElementById('sz-view');
const tabs = document.getElementById('sz-tabs');
const status = document.getElementById('sz-status');
const problemsPanel = document.getElementById('sz-problems');
const detailPanel = document.getElementById('sz-figure-detail');
const typedPanel = document.getElementById('sz-typed');
const measure = document.getElementById('sz-measure');
const profileStyle = document.getElementById('sz-profile');
const gridToggle = document.getElementById('sz-grid-toggle');

let state = null;
let selected = decodeURIComponent(location.hash.slice(1));
let loading = null;
let wanted = 0;

connect();
gridToggle.addEventListener('change', () => document.body.classList.toggle('sz-grid', gridToggle.checked));
view.addEventListener('click', (event) => {
  const mark = event.target instanceof Element ? event.target.closest('.sz-figure') : null;
  if (mark) showFigure(Number(mark.dataset.figure), mark);
});

function connect() {
  const events = new EventSource('/events');
  events.onmessage = (event) => {
    wanted = Math.max(wanted, Number(event.data));
    void load();
  };
  events.onerror = () => setStatus('与预览服务的连接已断开，正在重试…', true);
}

/** Fetch the state until the page shows the newest version the server announced. */
async function load() {
  if (loading) return loading;
  loading = (async () => {
    while (!state || state.version < wanted) {
      const response = await fetch('/state.json', { cache: 'no-store' });
      const next = await response.json();
      if (state && next.version <= state.version) break;
      apply(next);
    }
  })().finally(() => (loading = null));
  return loading;
}

function apply(next) {
  const previous = state;
  state = next;
  showProblems(next.problems, next.ok);
  const rendered = next.rendered;
  if (rendered && rendered !== previous?.rendered) {
    if (profileStyle.textContent !== rendered.css) profileStyle.textContent = rendered.css;
    const names = [...rendered.documents.map((d) => d.kind), STATS_TAB];
    if (!names.includes(selected)) selected = names[0];
    showTabs(names);
    showView();
  }
  const when = new Date().toLocaleTimeString('zh-CN', { hour12: false });
  setStatus(next.ok ? `${when} 已更新（${next.buildMs} ms）` : `${when} 有 ${next.problems.filter((p) => p.severity === 'error').length} 个错误，显示的是上次的结果`, !next.ok);
  document.body.dataset.version = String(next.version);
  // When this version reached the page, on the machine's clock: scripts/preview-latency.mjs reads it.
  document.body.dataset.shownAt = String(Math.round(performance.timeOrigin + performance.now()));
  document.body.dataset.ok = String(next.ok);
}

function setStatus(text, bad) {
  status.textContent = text;
  status.classList.toggle('sz-bad', bad);
}

function showTabs(names) {
  tabs.replaceChildren(
    ...names.map((name) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = name;
      button.setAttribute('aria-selected', String(name === selected));
      button.addEventListener('click', () => {
        selected = name;
        history.replaceState(null, '', `#${encodeURIComponent(name)}`);
        showTabs(names);
        showView();
      });
      return button;
    }),
  );
}

function showView() {
  const rendered = state.rendered;
  detailPanel.hidden = true;
  if (selected === STATS_TAB) {
    view.innerHTML = rendered.stats;
    showTyped([]);
    return;
  }
  const doc = rendered.documents.find((d) => d.kind === selected);
  const pages = paginate(doc.html, rendered.pageNumberFormat);
  view.replaceChildren(...pages);
  document.title = `${doc.title} — summarize 预览`;
  showTyped(doc.figures ?? []);
}

// ------------------------------------------------------------------------------------------
// Pages

/**
 * The document's blocks, in order, into A4 pages: each block goes on the current page; one that
 * overflows is split at the last line that fits (a paragraph) or moved whole to a new page (the
 * masthead, a title, a heading, the 版记), taking a heading that would end a page with it, and
 * the lines of a 落款 together.
 */
function paginate(html, pageNumberFormat) {
  const holder = document.createElement('div');
  holder.innerHTML = html;
  const article = holder.firstElementChild;
  const pages = [];
  measure.replaceChildren();
  const newPage = () => {
    const page = document.createElement('div');
    page.className = 'sz-page';
    const text = document.createElement('div');
    text.className = 'sz-text sz-document';
    text.lang = article.lang;
    const number = document.createElement('p');
    const n = pages.length + 1;
    number.className = `sz-page-number sz-pageNumber ${n % 2 === 1 ? 'sz-odd' : 'sz-even'}`;
    number.textContent = pageNumberFormat.replace('{page}', String(n));
    page.append(text, number);
    measure.append(page);
    pages.push(page);
    return text;
  };
  let text = newPage();
  for (const block of [...article.children]) {
    let current = block;
    text.append(current);
    while (overflows(text)) {
      const tail = splitAtPageEnd(current, text);
      if (tail !== current) {
        text = newPage();
        text.append(tail);
        current = tail;
        continue;
      }
      const carried = [current];
      while (carried[0].previousElementSibling && keepsWithNext(carried[0].previousElementSibling, carried[0])) carried.unshift(carried[0].previousElementSibling);
      // Alone on its page and still too tall: nothing better can be done.
      if (text.children.length === carried.length) break;
      text = newPage();
      text.append(...carried);
    }
  }
  measure.replaceChildren();
  return pages;
}

/** A heading stays with what follows it; the lines of a 落款 stay together. */
function keepsWithNext(block, next) {
  return /^H[1-3]$/.test(block.tagName) || (block.classList.contains('sz-closing') && next.classList.contains('sz-closing'));
}

function overflows(text) {
  return text.scrollHeight > text.clientHeight + 1;
}

/**
 * Split a paragraph before its first line that does not fit in `text`; returns the rest as a new
 * paragraph (continuing, so without the first-line indent), or the block itself when it cannot
 * be split (not a paragraph, or not even its first line fits).
 */
function splitAtPageEnd(block, text) {
  if (block.tagName !== 'P') return block;
  const limit = text.getBoundingClientRect().bottom;
  const lineHeight = parseFloat(getComputedStyle(block).lineHeight);
  const characters = [];
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let offset = 0; offset < node.data.length; offset++) characters.push([node, offset]);
  }
  const range = document.createRange();
  // A line fits when its line box (centred on its characters) ends above the text area's edge.
  const fits = ([node, offset]) => {
    range.setStart(node, offset);
    range.setEnd(node, offset + 1);
    const box = range.getBoundingClientRect();
    if (box.height === 0) return true;
    return (box.top + box.bottom) / 2 + lineHeight / 2 <= limit + 0.5;
  };
  let low = 0;
  let high = characters.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (fits(characters[middle])) low = middle + 1;
    else high = middle;
  }
  if (low === 0 || low === characters.length) return block;
  const [node, offset] = characters[low];
  range.setStart(node, offset);
  range.setEndAfter(block.lastChild);
  const tail = block.cloneNode(false);
  tail.append(range.extractContents());
  tail.classList.add('sz-continued');
  return tail;
}

// ------------------------------------------------------------------------------------------
// Problems and figures

function showProblems(problems, ok) {
  problemsPanel.hidden = problems.length === 0;
  problemsPanel.classList.toggle('sz-warnings', ok);
  if (problems.length === 0) return problemsPanel.replaceChildren();
  const errors = problems.filter((p) => p.severity === 'error').length;
  const heading = element('h2', ok ? `${problems.length} 个警告` : `${errors} 个错误，${problems.length - errors} 个警告：改正后保存即可，下面仍是上次生成成功的结果`);
  problemsPanel.replaceChildren(
    heading,
    ...problems.map((problem) => {
      const item = element('div', '', 'sz-problem');
      const line = element('div');
      if (problem.where) line.append(element('span', problem.where, 'sz-problem-where'), '  ');
      line.append(element('span', problem.severity === 'error' ? 'error' : 'warning', `sz-problem-${problem.severity}`), `  ${problem.message}  `);
      if (problem.code) line.append(element('span', `[${problem.code}]`, 'sz-problem-code'));
      item.append(line);
      if (problem.hint) item.append(element('div', `→ ${problem.hint}`, 'sz-problem-hint'));
      if (problem.frame.length > 0) item.append(element('pre', problem.frame.join('\n')));
      return item;
    }),
  );
}

function currentFigures() {
  const doc = state?.rendered?.documents.find((d) => d.kind === selected);
  return doc?.figures ?? [];
}

/** A figure's metric, scope, value and every entry it was computed from. */
function showFigure(index, mark) {
  const figure = currentFigures()[index];
  if (!figure) return;
  for (const other of view.querySelectorAll('.sz-figure.sz-selected')) other.classList.remove('sz-selected');
  if (mark) mark.classList.add('sz-selected');
  const facts = element('dl');
  const fact = (term, value) => facts.append(element('dt', term), element('dd', value));
  fact('印出', figure.printed);
  if (figure.exact !== figure.printed) fact('精确值', `${figure.printed} = ${figure.exact}`);
  fact('统计的是', figure.counts);
  if (figure.metric) fact('指标', figure.metric);
  fact('来源', figure.typed ? '统计数（metrics 文件，手工填写）' : figure.sources.length === 0 ? '没有来源记录' : `${figure.sources.length} 条记录`);
  const table = element('table');
  const head = element('tr');
  for (const title of ['文件:行', '日期', '名称', '数值']) head.append(element('th', title));
  table.append(head);
  for (const source of figure.sources) {
    const row = element('tr');
    row.append(
      element('td', `${source.file}:${source.line}`, 'sz-source'),
      element('td', source.date ?? '—'),
      element('td', source.title ?? '（统计数）'),
      element('td', source.value === undefined ? '' : source.value.toLocaleString('en-US'), 'sz-num'),
    );
    table.append(row);
  }
  detailPanel.replaceChildren(element('h2', `数字 ${figure.printed}`), facts, table);
  detailPanel.hidden = false;
}

/** The figures a reviewer must check by hand: typed into a metrics file, or with no entry behind them. */
function showTyped(figures) {
  const typed = figures.map((figure, index) => ({ figure, index })).filter(({ figure }) => figure.typed || figure.sources.length === 0);
  const list = element('ul');
  for (const { figure, index } of typed) {
    const item = element('li');
    const button = element('button', figure.printed);
    button.type = 'button';
    button.addEventListener('click', () => {
      const mark = view.querySelector(`.sz-figure[data-figure="${index}"]`);
      if (mark) mark.scrollIntoView({ block: 'center' });
      showFigure(index, mark);
    });
    item.append(button, `  ${figure.counts}${figure.typed ? '（统计数）' : '（没有来源记录）'}`);
    list.append(item);
  }
  const summary = `文档共标出 ${figures.length} 个数字；以下 ${typed.length} 个不是由活动记录算出的，需要人工核对`;
  typedPanel.replaceChildren(element('h2', '需人工核对的数字'), element('p', summary), list);
  typedPanel.hidden = selected === STATS_TAB;
}

function element(tag, text = '', className = '') {
  const node = document.createElement(tag);
  if (text) node.textContent = text;
  if (className) node.className = className;
  return node;
}
