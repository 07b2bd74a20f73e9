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
export async function uploadDocument(roomId: string, token: string, file: File, progress: (status: DocumentStatus) => void,
  sent: (percent: number) => void = () => {}): Promise<DocumentStatus> {
  const base = `/api/v1/rooms/${encodeURIComponent(roomId)}/documents`;
  const headers = { Authorization: `Bearer ${token}` };
  const started = await post(`${base}?name=${encodeURIComponent(file.name)}`, token, file, sent);
  if ((started.status < 200 || started.status > 299) && started.status !== 503) {
    const problem = parsed(started.body) as { error?: string; detail?: string };
    return { documentId: "", name: file.name, status: "failed", error: problem.error, message: problem.detail };
  }
  let status = parsed(started.body) as DocumentStatus;
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

/**
 * The upload itself, through XMLHttpRequest rather than fetch: only it tells how much of the body has gone, which a
 * 30 MB file on a school's connection needs to show.
 */
function post(url: string, token: string, file: File, sent: (percent: number) => void): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", url);
    request.setRequestHeader("Authorization", `Bearer ${token}`);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) sent(Math.floor((100 * event.loaded) / event.total));
    };
    request.onload = () => resolve({ status: request.status, body: request.responseText });
    request.onerror = () => reject(new Error("upload failed"));
    request.send(file);
  });
}

function parsed(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return {};
  }
}
