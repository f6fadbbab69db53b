import { useEffect, useState } from "preact/hooks";
import { type OperationName, runOperation } from "./api";

export interface OperationState<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  /**
   * The variables `data` answers: while the next answer is on its way the last one stays shown,
   * and a view that words its variables (a period, a filter) words these, not the new ones.
   */
  variables: Record<string, unknown> | null;
}

/** Runs one trusted operation for a view (one round trip), again whenever its variables change. */
export function useOperation<T>(name: OperationName, variables: Record<string, unknown>): OperationState<T> {
  const key = JSON.stringify(variables);
  const [state, setState] = useState<OperationState<T>>({ data: null, error: null, loading: true, variables: null });
  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ ...previous, loading: true, error: null }));
    const asked = JSON.parse(key) as Record<string, unknown>;
    runOperation<T>(name, asked, controller.signal).then(
      (data) => setState({ data, error: null, loading: false, variables: asked }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ data: null, error: (error as Error).message, loading: false, variables: null });
      },
    );
    return () => controller.abort();
  }, [name, key]);
  return state;
}
