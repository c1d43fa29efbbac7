// fetch() over the http_fetch import. The host performs the request synchronously under
// the worker's egress allow-list; redirects are handled by the host.

function fetch(input, init) {
  return settle(() => {
    requireRequest("fetch()");
    const req = input instanceof Request && init === undefined ? input : new Request(input, init);
    const u = new URL(req.url);
    if (u.protocol !== "http:" && u.protocol !== "https:")
      throw new TypeError(`fetch: unsupported URL scheme '${u.protocol}' (only http: and https:)`);
    if (req.signal && req.signal.aborted) throw req.signal.reason;
    const st = bodyOf.get(req);
    if (st.isUsed()) throw new TypeError("fetch: the request body has already been used");
    u.hash = "";
    // http_fetch takes the whole request body: a stream body is read to the end first.
    if (st.stream !== null) return transformPromise(st.consume("fetch()"), (body) => send(req, u, body.byteLength ? body : null));
    const body = st.peek();
    st.used = st.has();
    return send(req, u, body);
  });
}

// One outbound request through the host; returns the upstream Response.
function send(req, u, body) {
  const r = native.httpFetch(req.method, u.href, flattenHeaders(req.headers), body === null ? undefined : body);
  if (typeof r === "number") {
    const why = {
      "-1": "the request was rejected as invalid (bad URL or header)",
      "-3": `egress to ${u.host} is not allowed by this worker's egress allow-list`,
      "-4": "a limit was hit (response too large or too many outbound requests)",
      "-5": `could not connect to ${u.host}`,
      "-6": "the upstream request timed out",
    }[r] || errName(r);
    throw new TypeError(`fetch to ${u.origin} failed: ${why}`);
  }
  const [status, flat, bytes] = r;
  return responseFromUpstream(status, flat, bytes, u.href);
}
defineGlobal("fetch", fetch);
