// The lexer shared by every DynamoDB expression grammar. One linear pass, no regular expressions.
//
// Lexical rules as DynamoDB applies them (verified against AWS by the Alternator test suite,
// test_update_expression.py::test_update_expression_name_token):
//   name        [A-Za-z][A-Za-z0-9_]*      (a name may not start with "_" or a digit)
//   #name       #[A-Za-z0-9_]+
//   :value      :[A-Za-z0-9_]+
//   number      [0-9]+                      (only meaningful as a list index)
//   punctuation ( ) [ ] , . = <> < <= > >= + -
// Anything else (including a lone "#" or ":") becomes a one-character INVALID token; the parser
// then reports it as the syntax error's token, which is what AWS does ("token: \"!\"").

export const Tok = {
  Name: 0,
  AttrName: 1,
  AttrValue: 2,
  Number: 3,
  LParen: 4,
  RParen: 5,
  LBracket: 6,
  RBracket: 7,
  Comma: 8,
  Dot: 9,
  Eq: 10,
  Ne: 11,
  Lt: 12,
  Le: 13,
  Gt: 14,
  Ge: 15,
  Plus: 16,
  Minus: 17,
  Invalid: 18,
  Eof: 19,
} as const;

export type TokenKind = (typeof Tok)[keyof typeof Tok];

export interface Token {
  kind: TokenKind;
  /** Offset of the first character in the source. */
  start: number;
  /** Offset just past the last character. */
  end: number;
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isNamePart(code: number): boolean {
  return isLetter(code) || isDigit(code) || code === 95;
}

function isWhitespace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** Splits an expression into tokens; always ends with one EOF token positioned at the source's end. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const length = source.length;
  let i = 0;
  while (i < length) {
    const code = source.charCodeAt(i);
    if (isWhitespace(code)) {
      i++;
      continue;
    }
    const start = i;
    let kind: TokenKind;
    if (isLetter(code)) {
      i++;
      while (i < length && isNamePart(source.charCodeAt(i))) i++;
      kind = Tok.Name;
    } else if (isDigit(code)) {
      i++;
      while (i < length && isDigit(source.charCodeAt(i))) i++;
      kind = Tok.Number;
    } else if (code === 35 /* # */ || code === 58 /* : */) {
      i++;
      while (i < length && isNamePart(source.charCodeAt(i))) i++;
      kind = i === start + 1 ? Tok.Invalid : code === 35 ? Tok.AttrName : Tok.AttrValue;
    } else {
      i++;
      switch (code) {
        case 40:
          kind = Tok.LParen;
          break;
        case 41:
          kind = Tok.RParen;
          break;
        case 91:
          kind = Tok.LBracket;
          break;
        case 93:
          kind = Tok.RBracket;
          break;
        case 44:
          kind = Tok.Comma;
          break;
        case 46:
          kind = Tok.Dot;
          break;
        case 61:
          kind = Tok.Eq;
          break;
        case 43:
          kind = Tok.Plus;
          break;
        case 45:
          kind = Tok.Minus;
          break;
        case 60: {
          const next = source.charCodeAt(i);
          if (next === 62) {
            i++;
            kind = Tok.Ne;
          } else if (next === 61) {
            i++;
            kind = Tok.Le;
          } else {
            kind = Tok.Lt;
          }
          break;
        }
        case 62:
          if (source.charCodeAt(i) === 61) {
            i++;
            kind = Tok.Ge;
          } else {
            kind = Tok.Gt;
          }
          break;
        default:
          // Keep a surrogate pair together so the reported token is one whole character.
          if (code >= 0xd800 && code <= 0xdbff && i < length) {
            const low = source.charCodeAt(i);
            if (low >= 0xdc00 && low <= 0xdfff) i++;
          }
          kind = Tok.Invalid;
      }
    }
    tokens.push({ kind, start, end: i });
  }
  tokens.push({ kind: Tok.Eof, start: length, end: length });
  return tokens;
}
