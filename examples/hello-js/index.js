// The smallest Wharf JavaScript worker: plain text, or JSON when the path ends in /json.
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname.endsWith("/json")) {
      return Response.json({ message: env.GREETING, path: url.pathname, method: request.method });
    }
    return new Response(`${env.GREETING}\n`, { headers: { "content-type": "text/plain; charset=utf-8" } });
  },
};
