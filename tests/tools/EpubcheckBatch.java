// Runs epubcheck over several EPUB files in one JVM (JVM start-up dominates a single check).
// Usage: java -cp /usr/share/java/epubcheck.jar tests/tools/EpubcheckBatch.java A.epub B.epub…
// Prints "== FILE" before each file's epubcheck report; exits 1 when any check failed.
public class EpubcheckBatch {
  public static void main(String[] args) {
    int failed = 0;
    for (String file : args) {
      System.out.println("== " + file);
      System.out.flush();
      int rc = new com.adobe.epubcheck.tool.EpubChecker().run(new String[] {file});
      System.out.flush();
      if (rc != 0) {
        failed++;
      }
    }
    System.exit(failed == 0 ? 0 : 1);
  }
}
