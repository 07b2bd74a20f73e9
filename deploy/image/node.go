package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// NodeMain is the node's main class.
const NodeMain = "app.ardoise.cluster.Main"

// NodeJar is where the cluster module's jar lies in the image: first on the class path, as
// cluster/target/classes is in a development run.
const NodeJar = "/app/ardoise-cluster.jar"

// NodeLib holds every other jar: the Maven build's cluster/target/lib.
const NodeLib = "/app/lib"

// devOnlyJars are in cluster/target/lib for development only: the embedded Cassandra's class path,
// which names jars on the machine that built it.
const devOnlyJars = "ardoise-cassandra-server-"

// NodeImage returns the node's image layout: a Java runtime linked from the JDK's jmods with the
// modules the jars need, the jars of a Maven build (target: cluster/target after `mvn package`), and
// the system's files that runtime needs, with no base image. Its four layers go from the least to the
// most often changed, so that a release of Ardoise changes the last one only:
//
//	system        the dynamic loader and shared libraries the runtime needs, /etc/passwd, the locale, /tmp
//	runtime       the Java runtime, under JavaHome
//	dependencies  the third-party jars, under NodeLib
//	application   Ardoise's own jars: NodeJar, and the ardoise-* of NodeLib
//
// The entrypoint runs java with jvmOptions' options (one a line, # for comments, as `java @file` reads
// them); every setting of the node comes from the environment (environment.conf).
func NodeImage(target, jvmOptions, jdk, work string) (built, error) {
	nodeJar, err := clusterJar(target)
	if err != nil {
		return built{}, err
	}
	libJars, err := filepath.Glob(filepath.Join(target, "lib", "*.jar"))
	if err != nil || len(libJars) == 0 {
		return built{}, fmt.Errorf("no jars in %s: run `mvn -DskipTests package -pl cluster -am` first", filepath.Join(target, "lib"))
	}
	options, err := readJvmOptions(jvmOptions)
	if err != nil {
		return built{}, err
	}
	var dependencies, application []entry
	var jars []string
	for _, jar := range libJars {
		name := filepath.Base(jar)
		if strings.HasPrefix(name, devOnlyJars) {
			continue
		}
		content, err := os.ReadFile(jar)
		if err != nil {
			return built{}, err
		}
		e := regular(filepath.Join(NodeLib[1:], name), 0o644, content)
		if strings.HasPrefix(name, "ardoise-") {
			application = append(application, e)
		} else {
			dependencies = append(dependencies, e)
		}
		jars = append(jars, jar)
	}
	content, err := os.ReadFile(nodeJar)
	if err != nil {
		return built{}, err
	}
	application = append(application, regular(NodeJar[1:], 0o644, content))
	jars = append(jars, nodeJar)

	runtime, err := javaRuntime(jdk, jars, work)
	if err != nil {
		return built{}, err
	}
	elves, err := jarLibraries(jars)
	if err != nil {
		return built{}, err
	}
	provided := map[string]bool{}
	for _, e := range runtime {
		if bytes.HasPrefix(e.content, []byte("\x7fELF")) {
			elves = append(elves, e.content)
			provided[filepath.Base(e.name)] = true
		}
	}
	libraries, err := systemLibraries(elves, provided)
	if err != nil {
		return built{}, err
	}
	system, err := systemFiles()
	if err != nil {
		return built{}, err
	}
	appDirs := []entry{directory("app", 0o755), directory(NodeLib[1:], 0o755)}
	return layout(map[string]any{
		"User":       User,
		"Entrypoint": nodeCommand(options),
		"Env": []string{
			"PATH=" + JavaHome + "/bin",
			"JAVA_HOME=" + JavaHome,
			// Java 17 takes its default charset from the locale: without one it would be ASCII.
			"LANG=C.UTF-8",
			// A container is reached from outside it only: the class server listens on every address.
			"ARDOISE_HTTP_HOST=0.0.0.0",
		},
		"WorkingDir":   "/app",
		"ExposedPorts": map[string]any{"8080/tcp": map[string]any{}, "25520/tcp": map[string]any{}, "7626/tcp": map[string]any{}},
	}, []layer{
		{"system", append(system, libraries...)},
		{"runtime", append([]entry{directory("opt", 0o755)}, runtime...)},
		{"dependencies", append(appDirs, dependencies...)},
		{"application", append(appDirs, application...)},
	})
}

// nodeCommand is the command the image runs: java from the runtime, the options, the class path, the
// main class. No shell: java expands the class path's "*" itself.
func nodeCommand(options []string) []string {
	command := append([]string{JavaHome + "/bin/java"}, options...)
	return append(command, "-cp", NodeJar+":"+NodeLib+"/*", NodeMain)
}

func clusterJar(target string) (string, error) {
	jars, _ := filepath.Glob(filepath.Join(target, "ardoise-cluster-*.jar"))
	var found []string
	for _, jar := range jars {
		if !strings.HasSuffix(jar, "-tests.jar") && !strings.HasSuffix(jar, "-sources.jar") {
			found = append(found, jar)
		}
	}
	if len(found) != 1 {
		return "", fmt.Errorf("expected one ardoise-cluster jar in %s, found %v: run `mvn -DskipTests package -pl cluster -am`", target, found)
	}
	return found[0], nil
}

func readJvmOptions(file string) ([]string, error) {
	content, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var options []string
	for _, line := range strings.Split(string(content), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.ContainsAny(line, " \t\"'") {
			return nil, fmt.Errorf("%s: %q: one option a line, without spaces or quotes", file, line)
		}
		options = append(options, line)
	}
	return options, nil
}
