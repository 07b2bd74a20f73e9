package check

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/yannh/kubeconform/pkg/resource"
	"github.com/yannh/kubeconform/pkg/validator"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"
)

// The Kubernetes release whose API the manifests are checked against (its module holds the OpenAPI document).
const kubernetes = "v1.37.2"

var overlays = []string{"dev", "prod"}

func TestOverlaysAreValidKubernetes(t *testing.T) {
	for _, overlay := range overlays {
		t.Run(overlay, func(t *testing.T) {
			docs := render(t, overlay)
			v := newValidator(t, docs)
			for _, doc := range docs {
				result := v.ValidateResource(resource.Resource{Path: overlay, Bytes: doc})
				sig, _ := result.Resource.Signature()
				if result.Status != validator.Valid {
					t.Errorf("%s %s: %v %v", sig.Kind, sig.Name, result.Status, result.Err)
				}
			}
		})
	}
}

// The schemas are strict and checked, not skipped: a misspelt field, a port given as text, an environment
// variable without its name are refused.
func TestBrokenManifestsAreRefused(t *testing.T) {
	docs := render(t, "prod")
	deployment := find(t, docs, "Deployment", "ardoise")
	broken := map[string]func(map[string]any){
		"misspelt field": func(d map[string]any) { d["spec"].(map[string]any)["replica"] = 3 },
		"port as text": func(d map[string]any) {
			container(d)["ports"].([]any)[0].(map[string]any)["containerPort"] = "http"
		},
		"env without a name": func(d map[string]any) {
			delete(container(d)["env"].([]any)[0].(map[string]any), "name")
		},
	}
	v := newValidator(t, docs)
	for name, breakIt := range broken {
		t.Run(name, func(t *testing.T) {
			var d map[string]any
			if err := yaml.Unmarshal(deployment, &d); err != nil {
				t.Fatal(err)
			}
			breakIt(d)
			out, _ := yaml.Marshal(d)
			if result := v.ValidateResource(resource.Resource{Bytes: out}); result.Status != validator.Invalid {
				t.Errorf("accepted (%v, %v)", result.Status, result.Err)
			}
		})
	}
}

// What the overlays must hold besides being valid: the SFU with its UDP port, a disruption budget over
// the nodes, the autoscaler in prod, and a grace period that covers the drain.
func TestOverlaysDeployNodesAndSfu(t *testing.T) {
	for _, overlay := range overlays {
		t.Run(overlay, func(t *testing.T) {
			docs := render(t, overlay)
			media := decode(t, find(t, docs, "Service", "ardoise-sfu-media"))
			if ports := media["spec"].(map[string]any)["ports"].([]any); ports[0].(map[string]any)["protocol"] != "UDP" {
				t.Errorf("ardoise-sfu-media ports %v, want UDP", ports)
			}
			find(t, docs, "Deployment", "ardoise-sfu")
			pdb := decode(t, find(t, docs, "PodDisruptionBudget", "ardoise"))
			if labels := pdb["spec"].(map[string]any)["selector"].(map[string]any)["matchLabels"]; labels.(map[string]any)["app"] != "ardoise" {
				t.Errorf("the budget selects %v", labels)
			}
			node := decode(t, find(t, docs, "Deployment", "ardoise"))
			pod := node["spec"].(map[string]any)["template"].(map[string]any)["spec"].(map[string]any)
			grace := pod["terminationGracePeriodSeconds"].(float64)
			// preStop 5 s + coordinated shutdown's worst case, every phase at its timeout: 82 s.
			if grace < 87 {
				t.Errorf("terminationGracePeriodSeconds %v cuts a drain short", grace)
			}
			replicas := node["spec"].(map[string]any)["replicas"].(float64)
			if env := envOf(container(node)); env["ARDOISE_BOOTSTRAP_REQUIRED_CONTACT_POINTS"] != strconv.Itoa(int(replicas)) {
				t.Errorf("replicas %v but required contact points %q", replicas, env["ARDOISE_BOOTSTRAP_REQUIRED_CONTACT_POINTS"])
			}
			hasHpa := slices.ContainsFunc(docs, func(doc []byte) bool { return kindOf(t, doc) == "HorizontalPodAutoscaler" })
			if hasHpa != (overlay == "prod") {
				t.Errorf("autoscaler in %s: %v", overlay, hasHpa)
			}
		})
	}
}

func render(t *testing.T, overlay string) [][]byte {
	t.Helper()
	resources, err := krusty.MakeKustomizer(krusty.MakeDefaultOptions()).
		Run(filesys.MakeFsOnDisk(), filepath.Join("..", "kubernetes", "overlays", overlay))
	if err != nil {
		t.Fatalf("kustomize build %s: %v", overlay, err)
	}
	var docs [][]byte
	for _, r := range resources.Resources() {
		out, err := r.AsYAML()
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, out)
	}
	return docs
}

// newValidator writes the schemas of the kinds in docs from the Kubernetes module's OpenAPI document.
func newValidator(t *testing.T, docs [][]byte) validator.Validator {
	t.Helper()
	var kinds []Kind
	for _, doc := range docs {
		d := decode(t, doc)
		kinds = append(kinds, Kind{d["apiVersion"].(string), d["kind"].(string)})
	}
	dir := t.TempDir()
	if err := WriteSchemas(swagger(t), dir, kinds); err != nil {
		t.Fatal(err)
	}
	v, err := validator.New([]string{SchemaLocation(dir)}, validator.Opts{Strict: true, KubernetesVersion: strings.TrimPrefix(kubernetes, "v")})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// swagger finds the OpenAPI document in the k8s.io/kubernetes module, downloaded once into the module cache.
func swagger(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "mod", "download", "-json", "k8s.io/kubernetes@"+kubernetes).Output()
	if err != nil {
		t.Fatalf("go mod download k8s.io/kubernetes@%s: %v", kubernetes, err)
	}
	var module struct{ Dir string }
	if err := json.Unmarshal(out, &module); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(module.Dir, "api", "openapi-spec", "swagger.json")
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func find(t *testing.T, docs [][]byte, kind, name string) []byte {
	t.Helper()
	for _, doc := range docs {
		d := decode(t, doc)
		if d["kind"] == kind && d["metadata"].(map[string]any)["name"] == name {
			return doc
		}
	}
	t.Fatalf("no %s %s", kind, name)
	return nil
}

func decode(t *testing.T, doc []byte) map[string]any {
	t.Helper()
	var d map[string]any
	if err := yaml.Unmarshal(doc, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

func kindOf(t *testing.T, doc []byte) string {
	return decode(t, doc)["kind"].(string)
}

func container(deployment map[string]any) map[string]any {
	pod := deployment["spec"].(map[string]any)["template"].(map[string]any)["spec"].(map[string]any)
	return pod["containers"].([]any)[0].(map[string]any)
}

func envOf(container map[string]any) map[string]string {
	env := map[string]string{}
	for _, e := range container["env"].([]any) {
		entry := e.(map[string]any)
		if value, ok := entry["value"].(string); ok {
			env[entry["name"].(string)] = value
		}
	}
	return env
}
