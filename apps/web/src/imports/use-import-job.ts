import { useEffect, useState } from "react";

import { api, errorMessage, isNetworkError } from "../session/api-client";
import type { ImportJob } from "./import-types";

/** How often a running job's status is requested. */
export const STATUS_POLL_MS = 500;

export interface ImportJobState {
  /** The last status the server sent, or null until the first response. */
  readonly job: ImportJob | null;
  /** Reason the last status request failed. Polling goes on after a network error and stops after any other. */
  readonly error: string | null;
}

/**
 * Polls `imports.status` every STATUS_POLL_MS until the job is done or has
 * failed. The job runs on the server either way, so a lost connection only
 * pauses the polling, which resumes with the connection.
 */
export function useImportJob(jobId: string | null, online: boolean): ImportJobState {
  const [state, setState] = useState<ImportJobState & { readonly jobId: string | null }>({
    jobId,
    job: null,
    error: null,
  });

  useEffect(() => {
    if (jobId === null || !online) return;
    let active = true;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const poll = async () => {
      let again = true;
      try {
        const job = await api.imports.status.query({ jobId });
        if (!active) return;
        setState({ jobId, job, error: null });
        again = job.status === "queued" || job.status === "running";
      } catch (caught) {
        if (!active) return;
        setState((current) => ({
          jobId,
          job: current.jobId === jobId ? current.job : null,
          error: errorMessage(caught),
        }));
        again = isNetworkError(caught);
      }
      if (again && active) timer = setTimeout(() => void poll(), STATUS_POLL_MS);
    };
    void poll();

    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [jobId, online]);

  return state.jobId === jobId ? state : { job: null, error: null };
}
