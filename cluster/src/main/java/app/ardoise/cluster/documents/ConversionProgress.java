package app.ardoise.cluster.documents;

/** What a conversion tells as it goes: how many pages the document has, then each page done. */
public interface ConversionProgress {
    void pages(int total);

    void done(int pagesDone);
}
