import { useEffect, useState } from "preact/hooks";
import { type OperationName, runOperation } from "./api";

export interface OperationState<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
}

/** Runs one trusted operation for a view (one round trip), again whenever its variables change. */
export function useOperation<T>(name: OperationName, variables: Record<string, unknown>): OperationState<T> {
  const key = JSON.stringify(variables);
  const [state, setState] = useState<OperationState<T>>({ data: null, error: null, loading: true });
  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ ...previous, loading: true, error: null }));
    runOperation<T>(name, JSON.parse(key) as Record<string, unknown>, controller.signal).then(
      (data) => setState({ data, error: null, loading: false }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ data: null, error: (error as Error).message, loading: false });
      },
    );
    return () => controller.abort();
  }, [name, key]);
  return state;
}
