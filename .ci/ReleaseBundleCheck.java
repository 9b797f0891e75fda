import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The checks of .ci/check-release-bundle (run with the JDK's source launcher: java .ci/ReleaseBundleCheck.java ...).
 *
 * <pre>
 * bundle STAGING_DIR VERSION JAR_MODULES POM_MODULES ABSENT_MODULES   (lists comma-separated)
 *     every jar module has its POM, jar, sources and Javadoc jars; POM modules their POM; the absent ones nothing;
 *     no test jars, nothing unexpected; every POM has name, description, url, licenses, scm, developers (the last
 *     four may be inherited from the staged parent); the BOM has no parent and manages our modules only.
 * jetty CONSUMERS_DIR REFERENCE CONSUMER...
 *     each consumer's dependency:list (CONSUMERS_DIR/NAME/list.txt) has one Jetty version, the one REFERENCE (our
 *     parent, i.e. Spring Boot's BOM) resolves, and its io.sfstream artifacts come from the staged bundle
 *     (CONSUMERS_DIR/m2), not from an installed copy.
 * </pre>
 *
 * Prints every problem, each naming what is missing, and exits 1 if there is one.
 */
public class ReleaseBundleCheck {

    private static final String GROUP_ID = "io.sfstream";

    private final List<String> problems = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        ReleaseBundleCheck check = new ReleaseBundleCheck();
        switch (args.length == 0 ? "" : args[0]) {
            case "bundle" -> check.bundle(Path.of(args[1]), args[2], list(args[3]), list(args[4]), list(args[5]));
            case "jetty" -> check.jetty(Path.of(args[1]), args[2], List.of(args).subList(3, args.length));
            default -> {
                System.err.println("usage: bundle STAGING VERSION JARS POMS ABSENT | jetty CONSUMERS_DIR REFERENCE NAME...");
                System.exit(2);
            }
        }
        if (!check.problems.isEmpty()) {
            System.err.println();
            System.err.println("RELEASE BUNDLE CHECK FAILED (" + check.problems.size() + " problem"
                    + (check.problems.size() == 1 ? "" : "s") + "):");
            check.problems.forEach(p -> System.err.println("  - " + p));
            System.exit(1);
        }
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    // ---------------------------------------------------------------------------------------------------- bundle

    private void bundle(Path staging, String version, List<String> jarModules, List<String> pomModules,
            List<String> absentModules) throws Exception {
        Path groupDir = staging.resolve(GROUP_ID.replace('.', '/'));
        if (!Files.isDirectory(groupDir)) {
            problems.add("no " + GROUP_ID + " artifacts at all in " + staging);
            return;
        }
        Set<String> staged = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(groupDir)) {
            dirs.filter(Files::isDirectory).forEach(d -> staged.add(d.getFileName().toString()));
        }
        for (String artifactId : staged) {
            if (absentModules.contains(artifactId)) {
                problems.add(artifactId + " is in the bundle: it must not be published (maven.deploy.skip in its POM)");
            } else if (!jarModules.contains(artifactId) && !pomModules.contains(artifactId)) {
                problems.add("unexpected " + artifactId + " in the bundle: if it is meant to be published, add it to the"
                        + " lists in .ci/check-release-bundle (and to the BOM); if not, set maven.deploy.skip in its POM");
            }
        }

        System.out.println("Bundle in " + staging + " (version " + version + "):");
        Map<String, Document> poms = new TreeMap<>();
        for (String artifactId : concat(pomModules, jarModules)) {
            boolean jar = jarModules.contains(artifactId);
            Path versionDir = groupDir.resolve(artifactId).resolve(version);
            if (!Files.isDirectory(versionDir)) {
                problems.add(artifactId + ": not in the bundle at " + version + " (expected its POM"
                        + (jar ? ", jar, sources and Javadoc jars)" : ")"));
                continue;
            }
            Map<String, Path> files = artifactFiles(versionDir, artifactId, version);
            System.out.println("  " + artifactId + ": " + String.join(", ", files.keySet()));
            List<String> required = jar ? List.of(".pom", ".jar", "-sources.jar", "-javadoc.jar") : List.of(".pom");
            for (String suffix : required) {
                if (!files.containsKey(suffix)) {
                    problems.add(artifactId + ": no " + artifactId + "-" + version + suffix + " in the bundle");
                }
            }
            for (String suffix : files.keySet()) {
                if (suffix.startsWith("-test")) {
                    problems.add(artifactId + ": a test artifact is published (" + artifactId + suffix
                            + "): tests are not part of the release");
                }
            }
            for (String suffix : List.of("-sources.jar", "-javadoc.jar")) {
                if (files.containsKey(suffix) && !hasContent(files.get(suffix))) {
                    problems.add(artifactId + ": " + artifactId + suffix + " is empty (nothing outside META-INF/)");
                }
            }
            if (files.containsKey(".pom")) {
                poms.put(artifactId, parse(files.get(".pom")));
            }
        }

        System.out.println("POM metadata (name | description | url | license | scm | developers):");
        Document parentPom = poms.get("salesforce-streaming-parent");
        String projectUrl = parentPom == null ? null : text(parentPom.getDocumentElement(), "url");
        for (Map.Entry<String, Document> pom : poms.entrySet()) {
            checkMetadata(pom.getKey(), pom.getValue().getDocumentElement(), poms, projectUrl);
        }
        if (poms.containsKey("salesforce-streaming-bom")) {
            checkBom(poms.get("salesforce-streaming-bom").getDocumentElement(), jarModules);
        }
    }

    /** The bundle's files of one artifact version, by what follows the version: ".pom", "-sources.jar", ... */
    private Map<String, Path> artifactFiles(Path versionDir, String artifactId, String version) throws IOException {
        String base = version.endsWith("-SNAPSHOT") ? version.substring(0, version.length() - "-SNAPSHOT".length()) : version;
        // A deployed snapshot is named artifactId-base-yyyyMMdd.HHmmss-N; a release artifactId-version.
        Pattern name = Pattern.compile(Pattern.quote(artifactId + "-") + "(?:" + Pattern.quote(version) + "|"
                + Pattern.quote(base) + "-\\d{8}\\.\\d{6}-\\d+)((?:-[^.]+)?\\.(?:jar|pom))");
        Map<String, Path> files = new TreeMap<>();
        Set<String> builds = new TreeSet<>();
        try (Stream<Path> list = Files.list(versionDir)) {
            for (Path file : (Iterable<Path>) list::iterator) {
                Matcher m = name.matcher(file.getFileName().toString());
                if (m.matches()) {
                    files.put(m.group(1), file);
                    builds.add(file.getFileName().toString().replace(m.group(1), ""));
                }
            }
        }
        if (builds.size() > 1) {
            problems.add(artifactId + ": several builds staged (" + builds + "): delete target/staging-deploy first");
        }
        return files;
    }

    private static boolean hasContent(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().anyMatch(e -> !e.isDirectory() && !e.getName().startsWith("META-INF/"));
        }
    }

    private void checkMetadata(String artifactId, Element project, Map<String, Document> poms, String projectUrl) {
        String name = text(project, "name");
        String description = text(project, "description");
        String url = inherited(project, poms, "url", "child.project.url.inherit.append.path", artifactId);
        String scmConnection = inheritedScm(project, poms, "connection", artifactId);
        String scmUrl = inheritedScm(project, poms, "url", artifactId);
        Element licenses = inheritedElement(project, poms, "licenses");
        Element developers = inheritedElement(project, poms, "developers");

        require(artifactId, "<name>", name);
        require(artifactId, "<description>", description);
        require(artifactId, "<url>", url);
        require(artifactId, "<scm><connection>", scmConnection);
        require(artifactId, "<scm><url>", scmUrl);
        String license = licenses == null ? null : text(child(licenses, "license"), "name");
        String licenseUrl = licenses == null ? null : text(child(licenses, "license"), "url");
        require(artifactId, "<licenses><license><name>", license);
        require(artifactId, "<licenses><license><url>", licenseUrl);
        String developer = developers == null ? null : text(child(developers, "developer"), "name");
        require(artifactId, "<developers><developer><name>", developer);
        for (String[] link : new String[][] {{"<url>", url}, {"<scm><url>", scmUrl}}) {
            if (projectUrl != null && link[1] != null && !link[1].equals(projectUrl)) {
                problems.add(artifactId + ": " + link[0] + " is " + link[1] + ", not the project's " + projectUrl
                        + " (inherited with the module's name appended? see child.*.inherit.append.path in the parent)");
            }
        }
        if (description != null && description.equals(parentText(project, poms, "description"))) {
            problems.add(artifactId + ": <description> is the parent's: give the module its own");
        }
        System.out.println("  " + artifactId + ": " + name + " | " + abbreviate(description) + " | " + url + " | "
                + license + " | " + scmConnection + " | " + developer);
    }

    private void checkBom(Element bom, List<String> jarModules) {
        if (child(bom, "parent") != null) {
            problems.add("salesforce-streaming-bom: has a <parent>: users importing it would get the parent's"
                    + " dependency management too");
        }
        if (!"pom".equals(text(bom, "packaging"))) {
            problems.add("salesforce-streaming-bom: <packaging> is not pom");
        }
        Set<String> managed = new TreeSet<>();
        Element management = child(bom, "dependencyManagement");
        Element dependencies = management == null ? null : child(management, "dependencies");
        for (Element dependency : children(dependencies, "dependency")) {
            String coordinates = text(dependency, "groupId") + ":" + text(dependency, "artifactId");
            if (!GROUP_ID.equals(text(dependency, "groupId"))) {
                problems.add("salesforce-streaming-bom: manages " + coordinates + ": it must manage our modules only");
            }
            if (!"${project.version}".equals(text(dependency, "version"))
                    && !text(bom, "version").equals(text(dependency, "version"))) {
                problems.add("salesforce-streaming-bom: " + coordinates + " is at " + text(dependency, "version")
                        + ", not the BOM's own version");
            }
            managed.add(text(dependency, "artifactId"));
        }
        for (String module : jarModules) {
            if (!managed.contains(module)) {
                problems.add("salesforce-streaming-bom: does not manage " + GROUP_ID + ":" + module);
            }
        }
        System.out.println("  BOM manages: " + managed);
    }

    private void require(String artifactId, String what, String value) {
        if (value == null || value.isBlank()) {
            problems.add(artifactId + ": no " + what + " in its POM" + (what.equals("<name>") || what.equals("<description>")
                    ? "" : " nor in a staged parent POM"));
        }
    }

    // ---------------------------------------------------------------------------- Maven's inheritance, in short

    /** The staged POM of a project's parent, when the parent is one of ours. */
    private static Element parentOf(Element project, Map<String, Document> poms) {
        Element parent = child(project, "parent");
        if (parent == null || !GROUP_ID.equals(text(parent, "groupId"))) {
            return null;
        }
        Document pom = poms.get(text(parent, "artifactId"));
        return pom == null ? null : pom.getDocumentElement();
    }

    private static String parentText(Element project, Map<String, Document> poms, String name) {
        Element parent = parentOf(project, poms);
        return parent == null ? null : text(parent, name);
    }

    /** A URL as Maven inherits it: the parent's, with "/artifactId" appended unless the parent says not to. */
    private static String inherited(Element project, Map<String, Document> poms, String name, String appendAttribute,
            String artifactId) {
        String own = text(project, name);
        if (own != null) {
            return own;
        }
        Element parent = parentOf(project, poms);
        if (parent == null) {
            return null;
        }
        String value = inherited(parent, poms, name, appendAttribute, text(parent, "artifactId"));
        return value == null || "false".equals(parent.getAttribute(appendAttribute)) ? value : value + "/" + artifactId;
    }

    private static String inheritedScm(Element project, Map<String, Document> poms, String name, String artifactId) {
        Element scm = child(project, "scm");
        if (scm != null && text(scm, name) != null) {
            return text(scm, name);
        }
        Element parent = parentOf(project, poms);
        if (parent == null) {
            return null;
        }
        String value = inheritedScm(parent, poms, name, text(parent, "artifactId"));
        Element parentScm = child(parent, "scm");
        boolean append = parentScm == null || !"false".equals(parentScm.getAttribute("child.scm." + name + ".inherit.append.path"));
        return value == null || !append ? value : value + "/" + artifactId;
    }

    private static Element inheritedElement(Element project, Map<String, Document> poms, String name) {
        Element own = child(project, name);
        if (own != null) {
            return own;
        }
        Element parent = parentOf(project, poms);
        return parent == null ? null : inheritedElement(parent, poms, name);
    }

    // ----------------------------------------------------------------------------------------------------- Jetty

    private void jetty(Path consumersDir, String reference, List<String> consumers) throws IOException {
        Map<String, Set<String>> referenceVersions = jettyVersions(consumersDir, reference);
        String expected = referenceVersions.size() == 1 ? referenceVersions.keySet().iterator().next() : null;
        if (referenceVersions.isEmpty()) {
            problems.add(reference + ": resolves no Jetty artifact at all");
        } else if (expected == null) {
            problems.add(reference + " (our parent's dependency management, i.e. Spring Boot's BOM) resolves a Jetty"
                    + " mix: " + referenceVersions);
        }
        System.out.println("Jetty resolved by a project using our parent (Spring Boot's BOM, what our tests run on): "
                + referenceVersions.keySet());
        Path ownRepository = consumersDir.resolve("m2").toAbsolutePath().normalize();
        for (String consumer : consumers) {
            Map<String, Set<String>> versions = jettyVersions(consumersDir, consumer);
            System.out.println("Jetty resolved by " + consumer + ": " + versions.keySet() + " for "
                    + versions.values().stream().mapToInt(Set::size).sum() + " Jetty artifacts");
            if (versions.isEmpty()) {
                problems.add(consumer + ": resolves no Jetty artifact at all (see " + consumersDir.resolve(consumer)
                        .resolve("tree.txt") + ")");
            } else if (versions.size() > 1) {
                problems.add(consumer + ": resolves a Jetty mix " + versions + ": declare the ones not at "
                        + (expected == null ? "Spring Boot's version" : expected) + " in the POM that brings them"
                        + " (salesforce-streaming-core's for the client), see " + consumersDir.resolve(consumer)
                        .resolve("tree.txt"));
            } else if (expected != null && !versions.containsKey(expected)) {
                problems.add(consumer + ": resolves Jetty " + versions.keySet() + ", not " + expected
                        + ", the version Spring Boot's BOM gives and our tests run on");
            }
            for (String[] dependency : dependencies(consumersDir, consumer)) {
                String path = dependency[dependency.length - 1];
                if (dependency[0].equals(GROUP_ID) && !Path.of(path).toAbsolutePath().normalize().startsWith(ownRepository)) {
                    problems.add(consumer + ": " + dependency[0] + ":" + dependency[1] + " came from " + path
                            + ", not from the staged bundle (an installed copy?)");
                }
            }
        }
    }

    /** Jetty version to the artifacts at that version, from a consumer's dependency:list. */
    private Map<String, Set<String>> jettyVersions(Path consumersDir, String consumer) throws IOException {
        Map<String, Set<String>> versions = new TreeMap<>();
        for (String[] dependency : dependencies(consumersDir, consumer)) {
            if (dependency[0].startsWith("org.eclipse.jetty")) {
                String version = dependency[dependency.length == 7 ? 4 : 3];
                versions.computeIfAbsent(version, v -> new TreeSet<>()).add(dependency[1]);
            }
        }
        return versions;
    }

    /**
     * The lines of dependency:list with outputAbsoluteArtifactFilename: groupId, artifactId, type, [classifier,]
     * version, scope, file.
     */
    private List<String[]> dependencies(Path consumersDir, String consumer) throws IOException {
        Path file = consumersDir.resolve(consumer).resolve("list.txt");
        if (!Files.exists(file)) {
            problems.add(consumer + ": no " + file);
            return List.of();
        }
        try (Stream<String> lines = Files.lines(file)) {
            return lines.map(String::strip)
                    .map(line -> line.replaceFirst(" -- module .*$", ""))
                    .map(line -> line.split(":"))
                    .filter(parts -> parts.length == 6 || parts.length == 7)
                    .collect(Collectors.toList());
        }
    }

    // ------------------------------------------------------------------------------------------------------ XML

    private static Document parse(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(pom.toFile());
    }

    private static Element child(Element parent, String name) {
        List<Element> children = children(parent, name);
        return children.isEmpty() ? null : children.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> children = new ArrayList<>();
        if (parent != null) {
            for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
                if (node instanceof Element element && name.equals(element.getTagName())) {
                    children.add(element);
                }
            }
        }
        return children;
    }

    private static String text(Element parent, String name) {
        Element child = child(parent, name);
        if (child == null) {
            return null;
        }
        String text = child.getTextContent().strip().replaceAll("\\s+", " ");
        return text.isEmpty() ? null : text;
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
