import { readFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";

import { isSummary, type Figure, type ResultRow, type SectionResult } from "./results";
import type { Dataset } from "./seed";
import type { Summary } from "./statistics";

/** The machine and the run, as the report's header states them. */
export interface RunFacts {
  readonly date: Date;
  readonly command: string;
  readonly database: string;
  readonly location: string;
  readonly dataset: Dataset;
  /** Seconds spent generating, or undefined when a stored dataset was reused. */
  readonly generationSeconds: number | undefined;
  readonly totalSeconds: number;
  readonly loadBefore: readonly number[];
  readonly loadAfter: readonly number[];
}

export function machineDescription(): string {
  const cores = cpus().length;
  return `${cpuModel()}, ${cores} cores, ${(totalmem() / 1_073_741_824).toFixed(1)} GiB memory, Node.js ${process.version}`;
}

/** Reads the 1, 5 and 15 minute load averages now. */
export function currentLoad(): readonly number[] {
  return loadavg();
}

/** Renders BENCHMARKS.md: the run's facts, one table per section, and the notes. */
export function renderReport(facts: RunFacts, sections: readonly SectionResult[], caveats: readonly string[]): string {
  const cores = cpus().length;
  const busy = Math.max(facts.loadBefore[0] ?? 0, facts.loadAfter[0] ?? 0) > cores;
  const lines = [
    "# Benchmarks",
    "",
    "Written by `pnpm bench` (package `packages/bench`); every run rewrites this file. The product is measured against the naive",
    "design on the same data in the same run. Times are milliseconds unless marked; p95 is the 95th percentile; ratio is the naive",
    "median divided by the product's median (how many times faster the product is). Each section's notes say what bounds its",
    "figures and, where a target is missed, what would move it.",
    "",
    `- Date: ${facts.date.toISOString().replace("T", " ").slice(0, 16)} UTC`,
    `- Command: \`${facts.command}\`, from the repository root; the whole run took ${formatSeconds(facts.totalSeconds)}.`,
    `- Machine: ${machineDescription()}.`,
    `- Database: ${facts.database}, data in ${facts.location}.`,
    `- Load average (1, 5, 15 min) before the run ${formatLoad(facts.loadBefore)}, after it ${formatLoad(facts.loadAfter)}` +
      (busy
        ? `: other work shared the ${cores} cores during the run, so the figures are slower and noisier than on a quiet machine.`
        : "."),
    `- Data: ${facts.generationSeconds === undefined ? "reused from an earlier run (same generator version and seed)" : `generated in ${formatSeconds(facts.generationSeconds)}`}; ` +
      `generator version ${facts.dataset.generatorVersion}, seed ${facts.dataset.seed}.`,
    "",
    "| Workspace | Interactions | Parties | Contacts | Companies | Rows in a replica | Busiest contact | Contact near 1,000 | Contact near 10 |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...Object.values(facts.dataset.workspaces).map(
      (workspace) =>
        `| ${workspace.name} | ${count(workspace.shape.interactions)} | ${count(workspace.parties)} | ${count(workspace.shape.contacts)} | ` +
        `${count(workspace.shape.companies)} | ${count(workspace.rowsInView)} | ${count(workspace.topContact.entries)} entries | ` +
        `${count(workspace.busyContact.entries)} | ${count(workspace.quietContact.entries)} |`,
    ),
    "",
    "## Targets",
    "",
    ...targetLines(sections),
    "",
  ];

  for (const section of sections) {
    lines.push(`## ${section.title}`, "", section.about, "");
    lines.push("| Measure | Median | p95 | Naive median | Naive p95 | Ratio | Samples | Target |");
    lines.push("|---|---:|---:|---:|---:|---:|---:|---|");
    for (const row of section.rows) lines.push(tableRow(row));
    lines.push("");
    if (section.notes.length > 0) {
      for (const note of section.notes) lines.push(`- ${note}`);
      lines.push("");
    }
  }

  if (caveats.length > 0) {
    lines.push("## About this run", "");
    for (const paragraph of caveats) lines.push(paragraph, "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

function targetLines(sections: readonly SectionResult[]): string[] {
  const lines: string[] = [];
  for (const section of sections) {
    for (const row of section.rows) {
      for (const target of row.targets ?? []) {
        lines.push(`- ${target.met ? "Met" : "**Missed**"}: ${row.measure}: ${target.text} (${headline(row)}).`);
      }
    }
  }
  return lines.length > 0 ? lines : ["- No target applies to this database at this scale."];
}

function headline(row: ResultRow): string {
  const product = row.product;
  if (!isSummary(product)) return formatFigure(product);
  const ratio = row.naive ? `, ${formatRatio(row.naive.median / product.median)} faster than naive` : "";
  return `p50 ${formatMs(product.median)}, p95 ${formatMs(product.p95)}${ratio}`;
}

function tableRow(row: ResultRow): string {
  const product = row.product;
  const targets = (row.targets ?? []).map((target) => `${target.text}: ${target.met ? "met" : "**missed**"}`).join("; ");
  if (!isSummary(product)) {
    return `| ${row.measure} | ${formatFigure(product)} | | | | | | ${targets} |`;
  }
  const naive: Summary | undefined = row.naive;
  return [
    "",
    ` ${row.measure} `,
    ` ${formatMs(product.median)} `,
    ` ${formatMs(product.p95)} `,
    ` ${naive ? formatMs(naive.median) : ""} `,
    ` ${naive ? formatMs(naive.p95) : ""} `,
    ` ${naive ? formatRatio(naive.median / product.median) : ""} `,
    ` ${product.samples}${naive ? ` / ${naive.samples}` : ""} `,
    ` ${targets} `,
    "",
  ].join("|");
}

export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  if (ms >= 1) return ms.toFixed(2);
  return ms.toFixed(3);
}

/** Formats a duration with its unit, for prose: milliseconds below a second, seconds above. */
export function formatDuration(ms: number): string {
  return ms >= 1000 ? formatMs(ms) : `${formatMs(ms)} ms`;
}

function formatRatio(ratio: number): string {
  return ratio >= 10 ? `${ratio.toFixed(0)}×` : `${ratio.toFixed(1)}×`;
}

function formatFigure(figure: Figure): string {
  return `${figure.value >= 100 ? figure.value.toFixed(0) : figure.value.toFixed(1)} ${figure.unit}`;
}

function formatSeconds(seconds: number): string {
  return seconds >= 120 ? `${(seconds / 60).toFixed(1)} min` : `${seconds.toFixed(0)} s`;
}

function formatLoad(load: readonly number[]): string {
  return load.map((value) => value.toFixed(2)).join(", ");
}

function count(value: number): string {
  return value.toLocaleString("en-US");
}

function cpuModel(): string {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((entry) => entry.startsWith("model name"));
    const model = line?.split(":")[1]?.trim();
    if (model) return model;
  } catch {
    // Not Linux: the CPU list of Node has the model too.
  }
  return cpus()[0]?.model ?? "unknown CPU";
}
