// Maps a blob key to a relative path under the service's blob folder, reversibly, such that
// no key can name anything outside that folder, whatever it contains ("..", "/", "\\", ":").
//
// The key's "/"-separated segments become nested names, so listing a prefix only walks the
// folder of its complete segments. Every name is a marker letter plus the segment's UTF-8
// bytes encoded as:  a-z 0-9 - _  kept;  A-Z  as "^" + the lower-case letter (case-insensitive
// file systems: macOS, Windows);  any other byte  as "%" + two lower-case hex digits.
// Markers: "d" a folder for a segment followed by "/", "f" the file holding the last segment,
// "c" a folder for the first 200 encoded characters of a longer segment that continues in the
// next name (file names are limited to 255 bytes), "t" a temporary file being written.
// So "." and ".." can never be produced (dots are encoded, names start with a letter), a file
// and a folder can never collide ("a" is file "fa", "a/" is folder "da" + file "f"), and
// names never end in a dot or space (Windows strips those).

export const PathMarker = { Folder: "d", File: "f", Continued: "c", Temporary: "t" } as const;
type SegmentEnd = typeof PathMarker.Folder | typeof PathMarker.File;

const MAX_ENCODED_CHARS = 200;
const SLASH = 0x2f;

const ENCODED_BYTE: readonly string[] = Array.from({ length: 256 }, (_, b) => {
  const c = String.fromCharCode(b);
  if (/[a-z0-9_-]/.test(c)) return c;
  if (/[A-Z]/.test(c)) return "^" + c.toLowerCase();
  return "%" + b.toString(16).padStart(2, "0");
});

function pushSegment(names: string[], segment: string, last: SegmentEnd): void {
  let encoded = "";
  for (const byte of Buffer.from(segment, "utf8")) {
    const unit = ENCODED_BYTE[byte]!;
    if (encoded.length + unit.length > MAX_ENCODED_CHARS) {
      names.push(PathMarker.Continued + encoded);
      encoded = "";
    }
    encoded += unit;
  }
  names.push(last + encoded);
}

/** The names (folders then the file) that hold key, relative to the service's blob folder. */
export function keyToPathNames(key: string): string[] {
  const names: string[] = [];
  const segments = key.split("/");
  for (let i = 0; i < segments.length - 1; i++) pushSegment(names, segments[i]!, PathMarker.Folder);
  pushSegment(names, segments[segments.length - 1]!, PathMarker.File);
  return names;
}

/** The folder names holding every key that starts with prefix (those of its complete segments). */
export function prefixToFolderNames(prefix: string): string[] {
  const names: string[] = [];
  const segments = prefix.split("/");
  for (let i = 0; i < segments.length - 1; i++) pushSegment(names, segments[i]!, PathMarker.Folder);
  return names;
}

/**
 * The key bytes a name contributes ("/" included for a "d" folder), or undefined when the name
 * is not one this encoding produces (a temporary file, something a person dropped in there).
 */
export function decodeName(name: string): Buffer | undefined {
  const marker = name[0];
  if (marker !== PathMarker.Folder && marker !== PathMarker.File && marker !== PathMarker.Continued) return undefined;
  const bytes: number[] = [];
  for (let i = 1; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x5f) {
      bytes.push(c);
    } else if (c === 0x5e /* ^ */) {
      const letter = name.charCodeAt(++i);
      if (!(letter >= 0x61 && letter <= 0x7a)) return undefined;
      bytes.push(letter - 0x20);
    } else if (c === 0x25 /* % */) {
      const hex = name.slice(i + 1, i + 3);
      const byte = parseInt(hex, 16);
      // Only the canonical form: "%61" for "a" would list a key that get() cannot find.
      if (ENCODED_BYTE[byte] !== "%" + hex) return undefined;
      bytes.push(byte);
      i += 2;
    } else {
      return undefined;
    }
  }
  if (marker === PathMarker.Folder) bytes.push(SLASH);
  return Buffer.from(bytes);
}

export const isFolderName = (name: string): boolean =>
  name[0] === PathMarker.Folder || name[0] === PathMarker.Continued;
export const isFileName = (name: string): boolean => name[0] === PathMarker.File;
