/**
 * The class's pictures (documents' pages, images), fetched once each by their SHA-256 with the class
 * link, and decoded for the canvas. The server lets the browser keep them for a year (they never
 * change), so a page shown again or after a reload costs no request.
 */
export class Pictures {
  private readonly loaded = new Map<string, ImageBitmap>();
  private readonly loading = new Set<string>();

  constructor(
    private readonly url: (hash: string) => string,
    private readonly token: () => string,
    private readonly ready: () => void,
  ) {}

  /** The decoded picture, or undefined while it loads (ready() is called when it has). */
  get(hash: string): ImageBitmap | undefined {
    const found = this.loaded.get(hash);
    if (found === undefined && !this.loading.has(hash)) void this.load(hash);
    return found;
  }

  has(hash: string): boolean {
    return this.loaded.has(hash);
  }

  private async load(hash: string): Promise<void> {
    this.loading.add(hash);
    try {
      // No link: a signed-in teacher's session cookie says who asks (a replay opened from "Mes classes").
      const token = this.token();
      const response = await fetch(this.url(hash), token ? { headers: { Authorization: `Bearer ${token}` } } : {});
      if (!response.ok) return;
      this.loaded.set(hash, await createImageBitmap(await response.blob()));
      this.ready();
    } catch {
      // A picture that cannot be fetched now is asked for again at the next paint.
    } finally {
      this.loading.delete(hash);
    }
  }
}
