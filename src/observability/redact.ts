import { ownCopy, remembered } from '../memo.ts';
import { passesLuhn } from '../validation/card.ts';

/** At least 12 digits, possibly split by single spaces or dashes: where a card number could be. Sorted out below. */
const DIGIT_CHAIN = /\d(?:[ -]?\d){11,}/g;
const BEARER = /(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const HOLDS_CREDENTIAL = new RegExp(BEARER.source, 'i');

/** Whether `text` holds what `redactText` masks as a credential (`Bearer …`, `Basic …`). */
export function mayHoldCredential(text: string): boolean {
  return HOLDS_CREDENTIAL.test(text);
}

/** Masks a card number to at most its first six and last four digits. */
export function maskCardNumber(digits: string): string {
  const clean = digits.replace(/\D/g, '');
  if (clean.length < 12) return '*'.repeat(clean.length);
  return clean.slice(0, 6) + '*'.repeat(clean.length - 10) + clean.slice(-4);
}

/** Last line of defence for any text leaving the process: masks card numbers and credentials. */
export function redactText(text: string): string {
  return redactCardNumbers(text).replace(BEARER, '$1 [REDACTED]');
}

/** Longer names are redacted every time: a memo is for the few short names a gateway sees again and again. */
const MAX_REMEMBERED_NAME = 128;

/** 12 or more digits in a row, single underscores allowed between them (`a4111111111111111`, `x_4111_1111_1111_1111`). */
const NAME_DIGIT_RUN = /\d(?:_?\d){11,}/g;

/**
 * A caller's GraphQL name (an operation name, an alias) masked more strictly than free text: a name holds no
 * hex ids worth sparing, so every run of 12 or more digits is masked, whatever letters touch it and Luhn or not.
 */
export function redactName(name: string): string {
  return redactText(name.replace(NAME_DIGIT_RUN, maskCardNumber));
}

/**
 * `redactName` for operation names and aliases, each distinct one redacted once: they go on every log line and
 * traced span, and regex passes cost more than setting the attribute. The redacted text is a copy of its own
 * (an unchanged `replace` result is its input, which may be a slice of a request body).
 */
export function rememberedRedaction(): (text: string) => string {
  const memo = new Map<string, string>();
  return (text) => (text.length > MAX_REMEMBERED_NAME ? redactName(text) : remembered(memo, text, () => redactName(ownCopy(text))));
}

/**
 * Masks every Luhn-valid run of 12-19 digits that is printed as cards are: plain, or in groups split by one kind
 * of separator (see CARD_LAYOUTS). Digits that belong to a hex identifier (a UUID, a trace id, a hash) are left
 * alone: a log line must still be found by its request id.
 */
export function redactCardNumbers(text: string): string {
  return text.replace(DIGIT_CHAIN, (chain: string, offset: number) => maskCardsInChain(text, chain, offset));
}

interface Group {
  start: number;
  end: number;
  /** The separator after this group (`''` for the last one). */
  separator: string;
  /** Part of a hex identifier: never part of a card number. */
  hex: boolean;
}

function maskCardsInChain(text: string, chain: string, offset: number): string {
  const groups = groupsOf(chain);
  markHexIdentifiers(text, chain, offset, groups);
  const regions = cardRegions(chain, groups);
  if (regions.length === 0) return chain;
  let out = '';
  let at = 0;
  for (const [first, last] of regions) {
    const start = groups[first]!.start;
    const end = groups[last]!.end;
    out += chain.slice(at, start) + maskCardNumber(chain.slice(start, end));
    at = end;
  }
  return out + chain.slice(at);
}

function groupsOf(chain: string): Group[] {
  const groups: Group[] = [];
  let start = 0;
  for (let i = 0; i <= chain.length; i++) {
    const char = chain[i];
    if (char === ' ' || char === '-' || char === undefined) {
      groups.push({ start, end: i, separator: char ?? '', hex: false });
      start = i + 1;
    }
  }
  return groups;
}

/**
 * Letters glued to the chain's first or last group, or a token joined to it by a dash, that are all hex digits make
 * the chain part of an identifier (`68343300-1794-4a92-…`, `…e4d1234567890123`): those groups, and every group
 * dash-joined to them, are not card digits. A UUID made only of digits (8-4-4-4-12) is one too.
 */
function markHexIdentifiers(text: string, chain: string, offset: number, groups: Group[]): void {
  const first = groups[0]!;
  const last = groups[groups.length - 1]!;
  if (hexTokenBefore(text, offset)) first.hex = true;
  if (hexTokenAfter(text, offset + chain.length)) last.hex = true;
  const dashLengths = groups.every((group) => group.separator !== ' ') ? groups.map((group) => group.end - group.start).join('-') : '';
  if (dashLengths.includes('8-4-4-4-12')) for (const group of groups) group.hex = true;
  // A dash ties groups into one token: spread the mark both ways across dashes.
  for (let i = 1; i < groups.length; i++) if (groups[i - 1]!.hex && groups[i - 1]!.separator === '-') groups[i]!.hex = true;
  for (let i = groups.length - 2; i >= 0; i--) if (groups[i + 1]!.hex && groups[i]!.separator === '-') groups[i]!.hex = true;
}

const ALNUM = /[0-9A-Za-z]/;
const HEX_LETTER = /[A-Fa-f]/;

/** The alphanumeric token that ends at `end` (directly, or before one dash) has letters, all of them hex. */
function hexTokenBefore(text: string, end: number): boolean {
  let i = end - 1;
  if (text[i] === '-') i--;
  let letters = 0;
  for (; i >= 0 && ALNUM.test(text[i]!); i--) {
    if (!HEX_LETTER.test(text[i]!) && !/\d/.test(text[i]!)) return false;
    if (HEX_LETTER.test(text[i]!)) letters++;
  }
  return letters > 0;
}

function hexTokenAfter(text: string, start: number): boolean {
  let i = start;
  if (text[i] === '-') i++;
  let letters = 0;
  for (; i < text.length && ALNUM.test(text[i]!); i++) {
    if (!HEX_LETTER.test(text[i]!) && !/\d/.test(text[i]!)) return false;
    if (HEX_LETTER.test(text[i]!)) letters++;
  }
  return letters > 0;
}

/** How cards are printed besides plain digits and groups of four: Amex, Diners, 13-digit Visa, 19-digit cards. */
const CARD_LAYOUTS = new Set(['4,6,5', '4,6,4', '4,4,5', '4,3,3,3', '6,13', '5,5,5,4']);

function isCardLayout(lengths: readonly number[]): boolean {
  if (lengths.length === 1) return true;
  const last = lengths[lengths.length - 1]!;
  if (lengths.slice(0, -1).every((length) => length === 4) && last >= 1 && last <= 4) return true;
  return CARD_LAYOUTS.has(lengths.join(','));
}

/**
 * Runs of consecutive groups (one kind of separator, no hex group) that hold 12-19 digits in a card layout and pass
 * Luhn. Overlapping runs are merged, so no digit of any of them stays visible beyond one region's six and four.
 */
function cardRegions(chain: string, groups: readonly Group[]): Array<[number, number]> {
  const regions: Array<[number, number]> = [];
  for (let i = 0; i < groups.length; i++) {
    if (groups[i]!.hex) continue;
    const lengths: number[] = [];
    let digits = '';
    for (let j = i; j < groups.length; j++) {
      const group = groups[j]!;
      if (group.hex || (j > i && groups[j - 1]!.separator !== groups[i]!.separator)) break;
      digits += chain.slice(group.start, group.end);
      lengths.push(group.end - group.start);
      if (digits.length > 19) break;
      if (digits.length >= 12 && isCardLayout(lengths) && passesLuhn(digits)) {
        const previous = regions[regions.length - 1];
        if (previous !== undefined && i <= previous[1]) previous[1] = Math.max(previous[1], j);
        else regions.push([i, j]);
      }
    }
  }
  return regions;
}

/** Digit groups joined by single separators an id may use (`4111-1111.1111:1111`). */
const ID_DIGIT_CHAIN = /\d+(?:[-._: ]\d+)*/g;

/**
 * Stricter than redaction, for values that are sent on unredacted (the request id goes back in a header and
 * upstream): any run of whole digit groups, whatever the separators or grouping, of 12-19 digits passing Luhn, or
 * one unbroken run of more than 19 digits (a card number could hide inside it).
 */
export function mayHoldCardNumber(text: string): boolean {
  for (const chain of text.match(ID_DIGIT_CHAIN) ?? []) {
    const groups = chain.split(/[-._: ]/);
    for (let i = 0; i < groups.length; i++) {
      if (groups[i]!.length > 19) return true;
      let digits = '';
      for (let j = i; j < groups.length && digits.length <= 19; j++) {
        digits += groups[j];
        if (digits.length >= 12 && digits.length <= 19 && passesLuhn(digits)) return true;
      }
    }
  }
  return false;
}
