const ACCEPT = "application/graphql-response+json, application/json";

/** POST with JSON: from a page on another origin the browser first sends a CORS preflight (OPTIONS), which the gateway answers. */
export async function postQuery(url, query, variables = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: ACCEPT },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

/** GET: a simple request (no preflight), cacheable by the browser and by CDNs. */
export async function getQuery(url, query, variables = {}) {
  const parameters = new URLSearchParams({ query, variables: JSON.stringify(variables) });
  const response = await fetch(`${url}?${parameters}`, { headers: { accept: ACCEPT } });
  return response.json();
}
