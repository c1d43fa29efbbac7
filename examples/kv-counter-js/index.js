// A counter kept in Workers KV: every GET adds one and returns the new count; DELETE resets it.
// Get-then-put is not atomic (as in Cloudflare KV), so concurrent requests may count once.
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const key = url.searchParams.get("name") || "visits";
    if (request.method === "DELETE") {
      await env.COUNTER.delete(key);
      return Response.json({ name: key, count: 0 });
    }
    if (request.method !== "GET") {
      return new Response("method not allowed\n", { status: 405, headers: { allow: "GET, DELETE" } });
    }
    const count = Number((await env.COUNTER.get(key)) ?? "0") + 1;
    await env.COUNTER.put(key, String(count));
    console.log(`${key} -> ${count}`);
    return Response.json({ name: key, count });
  },
};
