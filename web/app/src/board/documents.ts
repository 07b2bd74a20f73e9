/** Which class, and its link as it is now (a teacher may renew it while the class runs). */
export interface ClassLink {
  roomId: string;
  token(): string;
}

/** A document's page as the server converted it: its picture's and thumbnail's SHA-256, its size in pixels. */
export interface DocumentPage {
  image: string;
  thumbnail: string;
  width: number;
  height: number;
}

export interface DocumentStatus {
  documentId: string;
  name: string;
  status: "converting" | "storing" | "ready" | "failed";
  pagesDone?: number;
  pagesTotal?: number;
  pages?: DocumentPage[];
  error?: string;
  message?: string;
}

const POLL_MS = 400;

/**
 * Uploads a file to show in the class (POST /api/v1/rooms/{id}/documents, the body being the file) and
 * follows its conversion, telling each state, until it is ready or has failed. A refusal of the upload
 * itself (too large, a student's link: an RFC 9457 problem) is a failed status with the server's words.
 */
export async function uploadDocument(roomId: string, token: string, file: File, progress: (status: DocumentStatus) => void): Promise<DocumentStatus> {
  const base = `/api/v1/rooms/${encodeURIComponent(roomId)}/documents`;
  const headers = { Authorization: `Bearer ${token}` };
  const started = await fetch(`${base}?name=${encodeURIComponent(file.name)}`, { method: "POST", headers, body: file });
  if (!started.ok && started.status !== 503) {
    const problem = (await started.json().catch(() => ({}))) as { error?: string; detail?: string };
    return { documentId: "", name: file.name, status: "failed", error: problem.error, message: problem.detail };
  }
  let status = (await started.json()) as DocumentStatus;
  progress(status);
  while (status.status === "converting" || status.status === "storing") {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const polled = await fetch(`${base}/${encodeURIComponent(status.documentId)}`, { headers });
    if (!polled.ok) return { ...status, status: "failed", message: String(polled.status) };
    status = (await polled.json()) as DocumentStatus;
    progress(status);
  }
  return status;
}
