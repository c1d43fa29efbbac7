// A small JSON API over Workers KV:
//   GET    /api/items        list items
//   POST   /api/items        create {"name": "...", ...} -> 201 with the stored item
//   GET    /api/items/:id    one item (404 if absent)
//   DELETE /api/items/:id    remove it (204)
import { error, methodNotAllowed, readJson } from "./lib/http.js";

const PREFIX = "item:";

async function listItems(env) {
  const page = await env.ITEMS.list({ prefix: PREFIX });
  const items = await Promise.all(page.keys.map((k) => env.ITEMS.get(k.name, "json")));
  return Response.json({ items: items.filter((i) => i !== null) });
}

async function createItem(request, env) {
  const body = await readJson(request);
  if (body === undefined || typeof body !== "object" || body === null || Array.isArray(body)) {
    return error(400, "body must be a JSON object");
  }
  if (typeof body.name !== "string" || body.name.length === 0) {
    return error(400, "'name' must be a non-empty string");
  }
  const item = { ...body, id: crypto.randomUUID(), created: new Date().toISOString() };
  await env.ITEMS.put(PREFIX + item.id, JSON.stringify(item));
  return Response.json(item, { status: 201, headers: { location: `/api/items/${item.id}` } });
}

export default {
  async fetch(request, env) {
    const segments = new URL(request.url).pathname.split("/").filter(Boolean); // ["api", "items", id?]
    if (segments[0] !== "api" || segments[1] !== "items" || segments.length > 3) {
      return error(404, "not found");
    }
    if (segments.length === 2) {
      if (request.method === "GET") return listItems(env);
      if (request.method === "POST") return createItem(request, env);
      return methodNotAllowed(["GET", "POST"]);
    }
    const key = PREFIX + segments[2];
    if (request.method === "GET") {
      const item = await env.ITEMS.get(key, "json");
      return item === null ? error(404, "no such item") : Response.json(item);
    }
    if (request.method === "DELETE") {
      if ((await env.ITEMS.get(key)) === null) return error(404, "no such item");
      await env.ITEMS.delete(key);
      return new Response(null, { status: 204 });
    }
    return methodNotAllowed(["GET", "DELETE"]);
  },
};
