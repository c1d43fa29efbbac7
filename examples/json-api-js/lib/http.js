// Small response helpers shared by the routes.
export function error(status, message, headers = {}) {
  return Response.json({ error: message }, { status, headers });
}

export function methodNotAllowed(allowed) {
  return error(405, "method not allowed", { allow: allowed.join(", ") });
}

export async function readJson(request) {
  try {
    return await request.json();
  } catch {
    return undefined;
  }
}
