// Reading one section's keys the way supervisor's saneget does: the section's
// value or [DEFAULT]'s, %(...)s-expanded with the names that key may use, then
// converted. Every failure becomes ConfigError at the key's file:line (or the
// section header's when the key is missing), naming the section and key.
import { ConfigError, UsageError } from "../../errors.ts";
import { lookupIni, type IniDocument, type IniSection, type IniValue } from "../ini.ts";
import type { Accounts } from "../../child/accounts.ts";
import { expandPercent, type ExpansionVars } from "./expand.ts";
import type { PathContext } from "./paths.ts";
import type { ConfigWarning } from "./types.ts";

/** What every section reader shares while one config is loaded. */
export interface LoadContext {
  readonly doc: IniDocument;
  /** Absolute directory of the main file: %(here)s. */
  readonly here: string;
  /** [DEFAULT] values that expand_here copied into a section: inherited, not written there. */
  readonly inherited: WeakSet<IniValue>;
  readonly hostname: string;
  /** ENV_X names: the process environment, later overlaid with [supervisord] environment. */
  envVars: Map<string, string>;
  readonly paths: PathContext;
  readonly accounts: Accounts;
  readonly warnings: ConfigWarning[];
}

export type Parse<T> = (value: string, option: string) => T;

export class SectionReader {
  constructor(
    readonly ctx: LoadContext,
    readonly section: IniSection,
  ) {}

  entry(key: string): IniValue | undefined {
    return lookupIni(this.ctx.doc, this.section, key);
  }

  has(key: string): boolean {
    return this.entry(key) !== undefined;
  }

  option(key: string): string {
    return `[${this.section.name}] ${key}`;
  }

  /** The value before %-expansion. */
  raw(key: string): string | undefined {
    return this.entry(key)?.value;
  }

  /** The expanded value, or undefined when the key is absent. */
  get(key: string, vars: ExpansionVars): string | undefined {
    const raw = this.raw(key);
    return raw === undefined ? undefined : this.at(key, () => expandPercent(raw, vars, this.option(key)));
  }

  /** Expanded and converted; `fallback` (a literal default, unexpanded) when the key is absent. */
  parse<T>(key: string, vars: ExpansionVars, fallback: string, fn: Parse<T>): T {
    const value = this.get(key, vars) ?? fallback;
    return this.at(key, () => fn(value, this.option(key)));
  }

  /** Converted when present, null when absent. */
  parseOptional<T>(key: string, vars: ExpansionVars, fn: Parse<T>): T | null {
    const value = this.get(key, vars);
    return value === undefined ? null : this.at(key, () => fn(value, this.option(key)));
  }

  /** Runs `fn`, turning its UsageError into ConfigError at `key`'s line. */
  at<T>(key: string | null, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof UsageError) throw this.error(key, e.message, e);
      throw e;
    }
  }

  /** A ConfigError at the key's line, or at the section header when the key is not set. */
  error(key: string | null, message: string, cause?: unknown): ConfigError {
    const where = (key !== null && this.entry(key)) || this.section;
    return new ConfigError(where.file, where.line, message, cause === undefined ? undefined : { cause });
  }

  warn(key: string | null, message: string): void {
    const where = (key !== null && this.entry(key)) || this.section;
    this.ctx.warnings.push({ file: where.file, line: where.line, message });
  }
}
