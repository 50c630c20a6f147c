// The path of a request URL, without building a URL object, and the check of
// the Host header it depends on: Deno builds `request.url` by concatenating
// "http://", the Host header and the request target, so a Host holding "/",
// "?" or "#" would move the path (`Host: a/clustaar?` on `POST /other` reads
// as `/clustaar`).

/** The path of `url` (`/clustaar` for `http://host/clustaar?x#y`). */
export function pathOf(url: string): string {
  const scheme = url.indexOf("://");
  const start = url.indexOf("/", scheme < 0 ? 0 : scheme + 3);
  return start < 0 ? "/" : pathFrom(url, start);
}

/** The part of `url` from `start` up to its query or fragment. */
function pathFrom(url: string, start: number): string {
  let end = url.length;
  const query = url.indexOf("?", start);
  if (query >= 0) end = query;
  const hash = url.indexOf("#", start);
  if (hash >= 0 && hash < end) end = hash;
  return url.slice(start, end);
}

/**
 * The path of a request whatever its Host header says, for messages about
 * requests whose Host may be malformed: where the URL was built from Host
 * (Deno), the path starts right after it.
 */
export function requestPath(url: string, host: string | null): string {
  const scheme = url.indexOf("://");
  if (scheme >= 0 && host !== null && host !== "" && url.startsWith(host, scheme + 3)) {
    const start = scheme + 3 + host.length;
    return url.charCodeAt(start) === 0x2f ? pathFrom(url, start) : "/";
  }
  return pathOf(url);
}

// The characters of a host name (RFC 3986's reg-name without percent-encoding,
// which no client needs in a Host header): letters, digits, "-._~" and the
// sub-delimiters "!$&'()*+,;=". The WHATWG URL parser accepts all of them.
const NAME = new Uint8Array(128);
for (
  const char of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;="
) {
  NAME[char.charCodeAt(0)] = 1;
}

/** The last Host that passed {@linkcode isValidHost}. */
let lastValid = "localhost";

/**
 * Whether `host` is a well-formed Host header value: a name, an IPv4 address
 * or a bracketed IPv6 address, then optionally `:` and a port up to 65535.
 * Everything it accepts is also a valid URL host, so `new URL(request.url)`
 * works in a handler. A plain name costs one pass over its characters; only
 * rare forms (IPv6, IDNA `xn--` labels) go through the URL parser.
 */
export function isValidHost(host: string): boolean {
  // A server gets the same Host on (nearly) every request: remember the last good one.
  if (host === lastValid) return true;
  const length = host.length;
  if (length === 0 || length > 300) return false;
  let end: number; // where the port starts (":"), or the end
  if (host.charCodeAt(0) === 0x5b) { // "[": an IPv6 literal
    end = host.indexOf("]") + 1;
    if (end === 0 || !parses(host.slice(0, end))) return false;
  } else {
    const colon = host.indexOf(":");
    end = colon < 0 ? length : colon;
    if (end === 0) return false;
    let label = 0; // where the last label starts
    for (let i = 0; i < end; i++) {
      const code = host.charCodeAt(i);
      if (code >= 128 || NAME[code] === 0) return false;
      if (code === 0x2e && i < end - 1) label = i + 1;
    }
    const name = host.slice(0, end);
    const first = host.charCodeAt(label);
    // A last label that starts with a digit may make the name an IPv4 address.
    if (first >= 0x30 && first <= 0x39 && endsInNumber(name)) {
      if (!isIPv4(name)) return false;
    } else if (name.includes("xn--") && !parses(name)) return false;
  }
  if (end !== length && !isPort(host, end)) return false;
  lastValid = host;
  return true;
}

/** `:` then 1 to 5 digits, at most 65535, up to the end of `host`. */
function isPort(host: string, colon: number): boolean {
  const digits = host.length - colon - 1;
  if (host.charCodeAt(colon) !== 0x3a || digits < 1 || digits > 5) return false;
  let port = 0;
  for (let i = colon + 1; i < host.length; i++) {
    const digit = host.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return false;
    port = port * 10 + digit;
  }
  return port <= 65535;
}

/** The URL parser's "ends in a number": such a host must be an IPv4 address. */
function endsInNumber(name: string): boolean {
  const trimmed = name.endsWith(".") ? name.slice(0, -1) : name;
  const last = trimmed.slice(trimmed.lastIndexOf(".") + 1);
  return /^(?:\d+|0[xX][0-9a-fA-F]*)$/.test(last);
}

/** Four decimal numbers from 0 to 255, without leading zeros. */
function isIPv4(name: string): boolean {
  return /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/.test(
    name,
  );
}

/** Whether the URL parser accepts `host` (only for the rare forms). */
function parses(host: string): boolean {
  try {
    return new URL(`http://${host}/`).pathname === "/";
  } catch {
    return false;
  }
}
