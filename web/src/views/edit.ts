import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import { OperationFailed, sendOperation } from "../api";
import { DraftWorkspace } from "../edit/draft-workspace";
import { PublishedWorkspace } from "../edit/published-workspace";
import { forgetKey, keepKey, storedKey } from "../edit/session";
import { type EditorViewerQuery } from "../generated/operations";
import { useTitle } from "./common";

/** Who an API key is, as the gateway says (EditorViewer). */
export type Viewer = NonNullable<EditorViewerQuery["viewer"]>;

/** Why a key cannot be used here, in words; null when it can. */
function refusal(viewer: Viewer | null): string | null {
  return viewer ? null : "The gateway does not know this key, or it was revoked.";
}

/** Asks the gateway who a key is; an error in words when it cannot be used. */
async function signIn(key: string): Promise<{ viewer: Viewer } | { error: string }> {
  try {
    const { viewer } = await sendOperation<EditorViewerQuery>("EditorViewer", {}, key);
    const why = refusal(viewer);
    return why || !viewer ? { error: why ?? "" } : { viewer };
  } catch (error) {
    if (error instanceof OperationFailed && error.code === "UNAUTHENTICATED") return { error: "The gateway does not know this key, or it was revoked." };
    return { error: `Could not sign in: ${(error as Error).message}` };
  }
}

/**
 * The editor's workspace (`/edit`): sign in with an API key, then make a new source's quotes and
 * career steps by selecting its words (`/edit`), or correct a published one (`/edit?source=<slug>`).
 */
export function EditView({ params }: { params: URLSearchParams }) {
  useTitle("Editor's workspace");
  const [key, setKey] = useState<string | null>(storedKey);
  const [viewer, setViewer] = useState<Viewer | null>(null);
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const source = params.get("source");

  // A key kept for this tab is asked about again on a reload: it may have been revoked since.
  useEffect(() => {
    if (!key || viewer) return;
    void signIn(key).then((outcome) => {
      if ("viewer" in outcome) setViewer(outcome.viewer);
      else {
        forgetKey();
        setKey(null);
        setError(outcome.error);
      }
    });
  }, [key]);

  const submit = async (event: Event) => {
    event.preventDefault();
    const candidate = typed.trim();
    if (!candidate) {
      setError("Paste an API key first.");
      return;
    }
    setBusy(true);
    const outcome = await signIn(candidate);
    setBusy(false);
    if ("error" in outcome) {
      setError(outcome.error);
      return;
    }
    keepKey(candidate);
    setKey(candidate);
    setViewer(outcome.viewer);
    setTyped("");
    setError(null);
  };

  const signOut = () => {
    forgetKey();
    setKey(null);
    setViewer(null);
  };

  if (!key || !viewer) {
    return html`<section class="sign-in">
      <h1>Editor's workspace</h1>
      <p>
        Here an editor turns an interview into quotes and career steps by selecting its words, checks them with the server and publishes them, and corrects what is
        published. Everything is written through the GraphQL API, so the workspace needs an API key with the <strong>EDITOR</strong> or <strong>ADMIN</strong> role
        (an administrator makes one with <code>npm run apikey -- create --role EDITOR --label NAME</code>).
      </p>
      <p class="hint">The key is kept for this tab only: it goes when the tab closes, and never into the address.</p>
      ${key && !viewer && !error ? html`<p role="status">Checking the key…</p>` : null}
      <form onSubmit=${submit}>
        <div class="field">
          <label for="api-key">API key</label>
          <input id="api-key" type="password" autocomplete="off" value=${typed} aria-invalid=${error ? "true" : undefined} aria-describedby=${error ? "api-key-error" : undefined} onInput=${(event: Event) => setTyped((event.target as HTMLInputElement).value)} />
          ${error ? html`<p class="problem" id="api-key-error" role="alert">${error}</p>` : null}
        </div>
        <button type="submit" class="primary" disabled=${busy}>${busy ? "Signing in…" : "Sign in"}</button>
      </form>
    </section>`;
  }

  return html`<section class="edit">
    <div class="edit-header">
      <h1>${source ? html`Correcting <a href=${`/sources/${source}`}>${source}</a>` : "A new source"}</h1>
      <p class="signed-in">
        Signed in as <strong>${viewer.label}</strong> (${viewer.role.toLowerCase()}, <code>${viewer.prefix}…</code>) ·
        ${source ? html`<a href="/edit">A new source</a> · ` : null}
        <button type="button" class="link" onClick=${signOut}>Sign out</button>
      </p>
    </div>
    ${source ? html`<${PublishedWorkspace} key=${source} slug=${source} apiKey=${key} isAdmin=${viewer.role === "ADMIN"} />` : html`<${DraftWorkspace} apiKey=${key} />`}
  </section>`;
}
