#!/usr/bin/env node
// Benchmark input: synthetic but realistic `summarize` projects of any size, built from the
// Shangjie example so that the generated project builds with the same summarize.yaml (sections,
// themes, metrics, summaries) and every helper in those summaries finds data.
//
//   node scripts/generate-project.mjs --events 10000 --out .bench/p10k
//   node scripts/generate-project.mjs --events 100000 --units 20 --out .bench/rollup20
//
// How an event is made: one of the example's 259 events is drawn at random (so sections, themes,
// tag and metric combinations and their frequencies are the example's), then given a new Chinese
// title and note from word lists, a reporting unit, a real 2024 date in the same month as the
// drawn event (so the seasons stay: 雷锋月 in March, 暑期实践 in July and August) and metric values
// scaled around the drawn event's values; events without a `participants` figure get one, so every
// event carries one to three metrics. Events tagged with a tag that a summary lists by name
// (`{{titles tag="入团仪式"}}` …) are one-off events (one 入团仪式 a year per district): they are
// generated once per district (one district per 5,000 events) with the district in the title, so
// the bulletin does not list tens of thousands of titles. Files hold ~300 events each, in date
// order (activities/2024/events-0001.yaml holds the year's first ~300). The output is deterministic.
//
// With --units N the output is a roll-up: N unit projects in units/dNN/ (each its own
// summarize.yaml, activities/2024/ and metrics/2024.yaml; --events is split between them) and a
// city-level project at the top whose summarize.yaml lists them under `units:` and which logs 1% of
// the events itself.

import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const EXAMPLE_DIR = path.resolve(HERE, '..', 'examples', 'shangjie');
const YEAR = 2024;
/** Bump when the output changes, so that cached projects in .bench/ are regenerated. */
export const GENERATOR_VERSION = 3;
export const EVENTS_PER_FILE = 300;
/** One district logs a few thousand events a year (issue 7). */
const EVENTS_PER_DISTRICT = 5000;

// ---------------------------------------------------------------------------------------------
// Word lists

const DISTRICTS = [
  '上街区', '中原区', '二七区', '金水区', '惠济区', '管城区', '荥阳市', '新密市', '新郑市', '登封市',
  '巩义市', '中牟县', '航空港区', '郑东新区', '高新区', '经开区', '东城区', '西湖区', '南关区', '北塘区',
  '青山区', '河西区', '城关区', '龙湖区', '白沙区', '丰乐区', '桐柏区', '嵩阳区', '洛河区', '汝南区',
];
const STREETS = [
  '中心路', '新安路', '济源路', '工业路', '峡窝镇', '许昌路', '汝南路', '登封路', '矿山路', '金华路',
  '科学大道', '五云山', '马固', '东周', '安庄', '南屯', '方顶', '冯庄', '西岗', '孙庄',
];
const SCHOOLS = ['实验小学', '第二实验小学', '中心小学', '第一小学', '第三小学', '实验初级中学', '第二初级中学', '外国语小学', '育才小学', '实验高中'];
const COMMUNITIES = ['盛世社区', '和平社区', '朝阳社区', '幸福社区', '红旗社区', '振兴社区', '新村社区', '锦绣社区', '康宁社区', '文化社区'];
const COMPANIES = ['区税务局', '区融媒体中心', '区档案馆', '区公安局', '通航试验区', '智慧城市运行中心', '区人民医院', '铝业公司', '装备制造产业园', '区图书馆'];
const TRADES = ['电工', '焊工', '养老护理', '电子商务', '中式烹调', '育婴员', '汽车维修', '无人机驾驶', '数控车工', '直播销售'];
const PEOPLE = ['青年教师', '青年医生', '青年民警', '返乡创业青年', '青年科技工作者', '青年志愿者', '青年工匠', '大学生村官', '青年消防员', '青年社工'];
const SEASONS = ['春季', '夏季', '秋季', '冬季'];
const AUDIENCES = ['少先队员', '团员青年', '青年志愿者', '辖区青少年', '大学生', '青年职工', '社区青少年及家长', '基层团干部'];
const RESULTS = [
  '活动气氛热烈，参与青少年纷纷表示收获很大',
  '进一步增强了青少年的责任感和使命感',
  '受到辖区群众和青少年的广泛好评',
  '引导青年在实践中受教育、长才干、作贡献',
  '营造了关心关爱青少年成长的良好氛围',
  '推动各项工作落地见效',
];
const UNIT_KINDS = ['团委', '少工委', '青联', '{street}街道团工委', '{street}镇团委', '{street}小学少工委', '{street}社区团支部'];
const NAME_FIRST = ['东', '西', '南', '北', '新', '青', '金', '龙', '凤', '平'];
const NAME_SECOND = ['山', '河', '城', '湖', '阳', '安', '川', '原', '林', '州'];

/** District i: real names first, then made-up ones (东山区, 西河县 …), unique for any i. */
export function districtName(i) {
  if (i < DISTRICTS.length) return DISTRICTS[i];
  const j = i - DISTRICTS.length;
  const name = `${NAME_FIRST[j % 10]}${NAME_SECOND[Math.floor(j / 10) % 10]}`;
  const round = Math.floor(j / 100);
  return round === 0 ? `${name}区` : round === 1 ? `${name}县` : `${name}${round}区`;
}

/** Title patterns by the drawn event's first tag. {a} area, {s} school, {c} community, {o} company,
 * {m} month, {n} running number, {t} trade, {p} person, {q} season, {x} the event's second tag. */
const TITLES = {
  红领巾巡讲团: ['“童言童语”红领巾巡讲团走进{a}{s}', '“童言童语”红领巾巡讲团再进{a}{s}', '“童言童语”红领巾巡讲团走进{a}{s}宣讲二十届三中全会精神'],
  宣讲交流会: ['学习宣传贯彻党的二十届三中全会精神宣讲交流会（{a}专场）', '{a}青年学习二十届三中全会精神宣讲交流会'],
  网上主题队课: ['“红领巾爱学习”网上主题队课第{n}期（{a}{s}）', '{a}{s}组织收看“红领巾爱学习”网上主题队课'],
  青年大学习: ['“青年大学习”{q}第{n}期（{a}）', '{a}{c}团支部组织“青年大学习”{q}第{n}期'],
  主题实践: ['{a}{s}“我和国旗合个影”主题实践活动', '{a}{s}中华经典诵读比赛', '{a}{s}新队员入队仪式', '{a}{s}少先队员参观人防工程'],
  主题活动: ['{a}{c}“{x}”主题活动', '{a}{s}“{x}”主题活动', '{a}{o}团支部“{x}”主题活动'],
  公众号: ['团属微信公众号{m}月推送汇总（{a}）', '{a}团组织公众号开辟“青·关注”专栏'],
  青榜样: ['“青榜样·不一YOUNG”{a}优秀青年系列风采录：{p}', '“青榜样”{a}{p}风采录发布'],
  五四: ['{a}“五四”主题宣传片发布'],
  团团送岗: ['“团团送岗”专栏{m}月推送汇总（{a}）', '“团团送岗”{a}{o}专场岗位推送'],
  技能培训: ['“人人持证、青年当先”{t}技能培训班（{a}）', '{a}青年{t}职业技能培训'],
  招聘会: ['{a}招聘会现场青年人才服务点', '{a}{o}专场招聘会青年人才政策宣传'],
  青年人才驿站: ['青年人才驿站{m}月入住办理（{a}）', '青年人才驿站为来{a}求职的应届毕业生办理入住'],
  引力计划: ['“引力计划”大学生走进{a}{o}', '“引力计划”大学生社会实践{a}{o}岗位对接', '“引力计划”暑期政务实践VLOG（{a}{o}）'],
  返家乡: ['“返家乡”大学生社会实践{a}{o}岗位征集', '“返家乡”大学生到{a}{o}实践'],
  心理巡讲: ['青少年心理健康进村（社区）示范式心理科普巡讲走进{a}{c}', '{a}{s}青少年心理健康科普巡讲'],
  青翼家园: ['“青翼家园”{m}月青少年心理健康服务（{a}{c}）', '“青翼家园”走进{a}{c}开展心理健康讲座'],
  参政议政: ['{a}“共青团与人大、政协面对面”座谈活动', '{a}青年联合会委员走进{c}交流座谈'],
  公益助学: ['“{x}”公益助学走进{a}{c}', '{a}“{x}”困难青少年关爱活动'],
  阵地建设: ['{a}{c}“青年之家”{m}月阵地活动', '{a}{o}青年发展示范性阵地活动'],
  应急志愿: ['{a}应急救援青年突击队{x}行动', '{a}青年突击队开展{x}应急志愿宣传'],
  清冰除雪: ['{a}青年志愿者清冰除雪（{c}）', '{a}{o}青年突击队清冰除雪'],
  防汛: ['{a}青年突击队防汛巡查（{c}）', '{a}青年志愿者防汛值守'],
  志愿服务: ['“{x}”志愿服务走进{a}{c}', '{a}{o}青年志愿者“{x}”志愿服务', '{a}{s}“{x}”志愿服务活动'],
  青春网格: ['青春网格“{x}”行动走进{a}{c}', '{a}{c}青春网格“{x}”行动'],
};
const GENERIC_TITLES = ['{a}{c}“{x}”活动', '{a}{o}团员青年“{x}”活动'];

// ---------------------------------------------------------------------------------------------
// Deterministic random numbers (mulberry32), so a size always gives the same project.

function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// The example: its config text, its events (the archetypes) and the tags its summaries list by name.

export function readExample(exampleDir = EXAMPLE_DIR) {
  const configText = readFileSync(path.join(exampleDir, 'summarize.yaml'), 'utf8');
  const metricsText = readFileSync(path.join(exampleDir, 'metrics', `${YEAR}.yaml`), 'utf8');
  const activityDir = path.join(exampleDir, 'activities', String(YEAR));
  const events = [];
  for (const name of readdirSync(activityDir).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    events.push(...parse(readFileSync(path.join(activityDir, name), 'utf8')));
  }
  // Tags that a summary lists by name ({{titles tag="…"}}) mark one-off events.
  const titledTags = new Set([...configText.matchAll(/titles\s+tag="([^"]+)"/g)].map((m) => m[1]));
  const regular = [];
  const oneOff = [];
  for (const event of events) {
    const month = Number(String(event.date).slice(5, 7));
    const archetype = { ...event, month, tags: event.tags ?? [], metrics: event.metrics ?? {} };
    (archetype.tags.some((t) => titledTags.has(t)) ? oneOff : regular).push(archetype);
  }
  return { configText, metricsText, events, regular, oneOff, titledTags };
}

// ---------------------------------------------------------------------------------------------
// Events

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]; // 2024 is a leap year

function pad(n, width = 2) {
  return String(n).padStart(width, '0');
}

/** Makes `count` events for a project reporting as `districts`; returns them sorted by date. */
export function makeEvents(example, count, { seed = 1, districts = [DISTRICTS[0]] } = {}) {
  const rand = random(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const seen = new Set();
  const events = [];
  const runningNumber = new Map();

  const unique = (date, title) => {
    let candidate = title;
    for (let k = 2; seen.has(`${date}|${candidate}`); k++) candidate = `${title}（第${k}场）`;
    seen.add(`${date}|${candidate}`);
    return candidate;
  };

  // One-off events: once per district, on the example's date, the district in the title.
  for (const district of districts) {
    for (const archetype of example.oneOff) {
      if (events.length >= count) break;
      const title = archetype.title.replaceAll('上街区', district).replaceAll('上街', district.slice(0, -1));
      const prefixed = title.includes(district) || title.includes(district.slice(0, -1)) ? title : `${district}${title}`;
      events.push(makeEvent(archetype, String(archetype.date), unique(String(archetype.date), prefixed), district, rand, pick, 1));
    }
  }
  while (events.length < count) {
    const archetype = pick(example.regular);
    const district = pick(districts);
    const day = 1 + Math.floor(rand() * DAYS_IN_MONTH[archetype.month - 1]);
    const date = `${YEAR}-${pad(archetype.month)}-${pad(day)}`;
    const firstTag = archetype.tags[0] ?? '';
    const patterns = TITLES[firstTag] ?? GENERIC_TITLES;
    const key = `${district}|${firstTag}`;
    const n = (runningNumber.get(key) ?? 0) + 1;
    runningNumber.set(key, n);
    const title = pick(patterns).replace(/\{(\w)\}/g, (_, k) => {
      switch (k) {
        case 'a': return rand() < 0.5 ? district : `${district}${pick(STREETS)}${rand() < 0.5 ? '街道' : ''}`;
        case 's': return pick(SCHOOLS);
        case 'c': return `${pick(STREETS)}${pick(COMMUNITIES)}`;
        case 'o': return pick(COMPANIES);
        case 'm': return String(archetype.month);
        case 'n': return String(n);
        case 't': return pick(TRADES);
        case 'p': return pick(PEOPLE);
        case 'q': return pick(SEASONS);
        case 'x': return archetype.tags[archetype.tags.length - 1] ?? '青春';
        default: return '';
      }
    });
    events.push(makeEvent(archetype, date, unique(date, title), district, rand, pick, 0.6 + rand() * 0.8));
  }
  events.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
  return events;
}

function makeEvent(archetype, date, title, district, rand, pick, scale) {
  /** @type {Record<string, number>} */
  const metrics = {};
  for (const [id, value] of Object.entries(archetype.metrics)) {
    metrics[id] = Math.max(value > 0 ? 1 : 0, Math.round(value * scale));
  }
  if (!('participants' in metrics)) metrics.participants = 20 + Math.floor(rand() * 280);
  const event = {
    date,
    section: archetype.section,
    theme: archetype.theme,
    title,
    unit: district + pick(UNIT_KINDS).replace('{street}', pick(STREETS)),
    tags: archetype.tags,
    metrics,
  };
  if (rand() < 0.6) event.text = `面向${pick(AUDIENCES)}开展${archetype.tags[0] ?? '主题'}活动，${pick(RESULTS)}。`;
  if (archetype.highlight && rand() < 0.5) event.highlight = true;
  return event;
}

/** One event as the example writes it: block mapping, flow lists, plain scalars. */
function eventYaml(e) {
  let out = `- date: ${e.date}\n  section: ${e.section}\n  theme: ${e.theme}\n  title: ${e.title}\n`;
  if (e.text) out += `  text: ${e.text}\n`;
  out += `  unit: ${e.unit}\n`;
  if (e.tags.length > 0) out += `  tags: [${e.tags.join(', ')}]\n`;
  if (e.highlight) out += '  highlight: true\n';
  const metrics = Object.entries(e.metrics);
  if (metrics.length > 0) out += `  metrics: {${metrics.map(([k, v]) => `${k}: ${v}`).join(', ')}}\n`;
  return out;
}

/** Writes events (sorted by date) as activities/<year>/events-0001.yaml …, ~300 per file. */
function writeActivities(root, events, label) {
  const dir = path.join(root, 'activities', String(YEAR));
  mkdirSync(dir, { recursive: true });
  const files = Math.max(1, Math.round(events.length / EVENTS_PER_FILE));
  let bytes = 0;
  for (let f = 0; f < files; f++) {
    const from = Math.floor((f * events.length) / files);
    const to = Math.floor(((f + 1) * events.length) / files);
    const part = events.slice(from, to);
    const range = part.length > 0 ? `${part[0].date}—${part[part.length - 1].date}` : '';
    const text = `# ${label}活动记录 ${range}（${part.length}条；benchmark 生成的数据）\n\n` + part.map(eventYaml).join('\n');
    writeFileSync(path.join(dir, `events-${pad(f + 1, 4)}.yaml`), text);
    bytes += Buffer.byteLength(text);
  }
  return { files, bytes };
}

function configFor(example, orgName, extra = '') {
  const text = example.configText
    .replace(/^(\s*name:\s*)共青团上街区委\s*$/m, `$1${orgName}`)
    .replace(/^# .*\n# .*\n/, `# ${orgName} ${YEAR}年工作总结（benchmark 生成的项目，配置同 examples/shangjie）\n`);
  return text + extra;
}

function writeProject(root, example, { orgName, events, label }) {
  mkdirSync(path.join(root, 'metrics'), { recursive: true });
  writeFileSync(path.join(root, 'summarize.yaml'), configFor(example, orgName));
  writeFileSync(path.join(root, 'metrics', `${YEAR}.yaml`), example.metricsText);
  return writeActivities(root, events, label);
}

// ---------------------------------------------------------------------------------------------

/**
 * Generates a project (or, with `units`, a roll-up) of about `events` events in `out`. Reuses an
 * existing output when `.generated.json` says it was made with the same parameters.
 */
export function generateProject({ events, out, units = 0, seed = 1, force = false, exampleDir = EXAMPLE_DIR }) {
  const root = path.resolve(out);
  const params = { version: GENERATOR_VERSION, events, units, seed };
  const stampPath = path.join(root, '.generated.json');
  if (!force && existsSync(stampPath)) {
    const stamp = JSON.parse(readFileSync(stampPath, 'utf8'));
    if (JSON.stringify(stamp.params) === JSON.stringify(params)) return { ...stamp, reused: true };
  }
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const example = readExample(exampleDir);
  const started = Date.now();
  let result;
  if (units > 0) {
    const own = Math.max(example.events.length, Math.round(events * 0.01));
    const perUnit = Math.ceil((events - own) / units);
    const unitDirs = [];
    let files = 0;
    let bytes = 0;
    let total = 0;
    for (let u = 0; u < units; u++) {
      const district = districtName(u);
      const dir = `units/d${pad(u + 1)}`;
      unitDirs.push(dir);
      const list = makeEvents(example, perUnit, { seed: seed * 1000 + u, districts: [district] });
      const written = writeProject(path.join(root, dir), example, { orgName: `共青团${district}委`, events: list, label: `${district} ` });
      files += written.files;
      bytes += written.bytes;
      total += list.length;
    }
    const cityEvents = makeEvents(example, own, { seed, districts: ['郑州市'] });
    const unitsYaml = `\n# 汇总各区县团委的项目（roll-up）：各单位按自己的配置检查，按本项目的部分、条目汇总。\nunits:\n${unitDirs.map((d) => `  - ${d}`).join('\n')}\n`;
    mkdirSync(path.join(root, 'metrics'), { recursive: true });
    writeFileSync(path.join(root, 'summarize.yaml'), configFor(example, '共青团郑州市委', unitsYaml));
    writeFileSync(path.join(root, 'metrics', `${YEAR}.yaml`), example.metricsText);
    const own2 = writeActivities(root, cityEvents, '团市委 ');
    result = { events: total + cityEvents.length, unitEvents: total, ownEvents: cityEvents.length, units, files: files + own2.files, bytes: bytes + own2.bytes };
  } else {
    const districtCount = Math.max(1, Math.ceil(events / EVENTS_PER_DISTRICT));
    const districts = Array.from({ length: districtCount }, (_, i) => districtName(i));
    const list = makeEvents(example, events, { seed, districts });
    const orgName = districtCount === 1 ? `共青团${districts[0]}委` : '共青团郑州市委';
    const written = writeProject(root, example, { orgName, events: list, label: '' });
    result = { events: list.length, units: 0, ...written };
  }
  const stamp = { params, ...result, seconds: (Date.now() - started) / 1000 };
  writeFileSync(stampPath, JSON.stringify(stamp, null, 2) + '\n');
  return { ...stamp, reused: false };
}

function parseArgs(argv) {
  const options = { events: 1000, out: undefined, units: 0, seed: 1, force: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--events') options.events = parseCount(value());
    else if (arg === '--out') options.out = value();
    else if (arg === '--units') options.units = parseCount(value());
    else if (arg === '--seed') options.seed = parseCount(value());
    else if (arg === '--force') options.force = true;
    else if (arg === '-h' || arg === '--help') {
      console.log('usage: node scripts/generate-project.mjs --events <n> --out <dir> [--units <n>] [--seed <n>] [--force]\n  n may be written 10000, 10k or 1m');
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  if (!options.out) throw new Error('--out <dir> is required');
  return options;
}

function parseCount(text) {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text);
  if (!m) throw new Error(`not a count: ${text}`);
  return Math.round(Number(m[1]) * ({ '': 1, k: 1e3, m: 1e6 }[m[2].toLowerCase()]));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const options = parseArgs(process.argv.slice(2));
    const result = generateProject(options);
    console.log(
      `${result.reused ? 'reused' : 'generated'} ${options.out}: ${result.events} events in ${result.files} files, ` +
        `${(result.bytes / 1e6).toFixed(1)} MB${result.units ? `, ${result.units} units` : ''}${result.reused ? '' : ` (${result.seconds.toFixed(1)} s)`}`,
    );
  } catch (error) {
    console.error(`generate-project: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
}
