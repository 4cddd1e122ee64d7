/**
 * The Corefile's syntax (CoreDNS reads it with the Caddyfile lexer, coredns/caddy caddyfile/):
 * server blocks `KEY... { directive args... }`, where a directive may open its own block of
 * sub-directives (`kubernetes cluster.local { pods insecure }`). Tokens are split on whitespace;
 * `"..."` quotes a token; `#` at the start of a token comments out the rest of the line; `{` and `}`
 * open and close blocks only as tokens of their own. Positions are 1-based within the Corefile text.
 */

export interface CorefileToken {
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

export interface CorefileDirective {
  readonly name: CorefileToken;
  readonly args: readonly CorefileToken[];
  /** Sub-directives when the directive opens a block. */
  readonly block: readonly CorefileDirective[] | undefined;
}

export interface CorefileServerBlock {
  /** The server block's keys, e.g. `.:53`, `cluster.local:53`, `dns://example.org`. */
  readonly keys: readonly CorefileToken[];
  readonly directives: readonly CorefileDirective[];
}

export interface CorefileSyntaxProblem {
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

export interface ParsedCorefile {
  readonly serverBlocks: readonly CorefileServerBlock[];
  readonly problems: readonly CorefileSyntaxProblem[];
}

/** Splits Corefile text into tokens with positions. */
export function tokenizeCorefile(text: string): { tokens: CorefileToken[]; problems: CorefileSyntaxProblem[] } {
  const tokens: CorefileToken[] = [];
  const problems: CorefileSyntaxProblem[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, li) => {
    const line = li + 1;
    let i = 0;
    while (i < raw.length) {
      const c = raw[i]!;
      if (c === ' ' || c === '\t') {
        i++;
        continue;
      }
      if (c === '#') break;
      const column = i + 1;
      if (c === '"' || c === '`') {
        let j = i + 1;
        let value = '';
        let closed = false;
        while (j < raw.length) {
          const d = raw[j]!;
          if (c === '"' && d === '\\' && j + 1 < raw.length) {
            value += raw[j + 1];
            j += 2;
            continue;
          }
          if (d === c) {
            closed = true;
            j++;
            break;
          }
          value += d;
          j++;
        }
        if (!closed) problems.push({ message: `unterminated quoted string`, line, column });
        tokens.push({ text: value, line, column });
        i = j;
        continue;
      }
      let j = i;
      while (j < raw.length && raw[j] !== ' ' && raw[j] !== '\t') j++;
      tokens.push({ text: raw.slice(i, j), line, column });
      i = j;
    }
  });
  return { tokens, problems };
}

/** Parses server blocks and their directives; syntax problems are collected, never thrown. */
export function parseCorefile(text: string): ParsedCorefile {
  const { tokens, problems } = tokenizeCorefile(text);
  const serverBlocks: CorefileServerBlock[] = [];
  let i = 0;

  // Directives on consecutive lines until the `}` that closes the current block.
  const parseDirectives = (closeAt: CorefileToken | undefined): CorefileDirective[] => {
    const out: CorefileDirective[] = [];
    while (i < tokens.length) {
      const t = tokens[i]!;
      if (t.text === '}') {
        i++;
        return out;
      }
      if (t.text === '{') {
        problems.push({ message: 'unexpected "{"', line: t.line, column: t.column });
        i++;
        continue;
      }
      const name = t;
      i++;
      const args: CorefileToken[] = [];
      let block: CorefileDirective[] | undefined;
      while (i < tokens.length && tokens[i]!.line === name.line) {
        const a = tokens[i]!;
        if (a.text === '{') {
          i++;
          block = parseDirectives(a);
          break;
        }
        if (a.text === '}') break;
        args.push(a);
        i++;
      }
      out.push({ name, args, block });
    }
    if (closeAt) problems.push({ message: 'block opened here is never closed (missing "}")', line: closeAt.line, column: closeAt.column });
    return out;
  };

  while (i < tokens.length) {
    const keys: CorefileToken[] = [];
    // Keys: tokens up to `{` (they may span lines when separated by commas).
    while (i < tokens.length && tokens[i]!.text !== '{') {
      const t = tokens[i]!;
      if (t.text === '}') {
        problems.push({ message: 'unexpected "}"', line: t.line, column: t.column });
        i++;
        continue;
      }
      for (const part of t.text.split(',')) {
        if (part !== '') keys.push({ text: part, line: t.line, column: t.column + t.text.indexOf(part) });
      }
      i++;
      const next = tokens[i];
      if (next && next.text !== '{' && next.line !== t.line && !t.text.endsWith(',')) {
        // A new line without `{`: a Corefile with a single server block and no braces.
        const single = parseDirectivesUntilEnd();
        serverBlocks.push({ keys, directives: single });
        return { serverBlocks, problems };
      }
    }
    if (i >= tokens.length) {
      if (keys.length > 0) serverBlocks.push({ keys, directives: [] });
      break;
    }
    const open = tokens[i]!;
    if (keys.length === 0) problems.push({ message: 'server block without a key (zone)', line: open.line, column: open.column });
    i++;
    serverBlocks.push({ keys, directives: parseDirectives(open) });
  }
  return { serverBlocks, problems };

  function parseDirectivesUntilEnd(): CorefileDirective[] {
    const all: CorefileDirective[] = [];
    while (i < tokens.length) {
      const before = i;
      all.push(...parseDirectives(undefined));
      if (i === before) i++;
    }
    return all;
  }
}
