// Package check validates Ardoise's Kubernetes manifests (deploy/kubernetes) against the Kubernetes
// API's own schemas, rendered from its Kustomize overlays, with no network but the Go module proxy.
//
// kubeconform validates against JSON schemas that it downloads from GitHub by default; here the
// schemas are derived from the OpenAPI definitions that the k8s.io/kubernetes module ships
// (api/openapi-spec/swagger.json), which the Go proxy serves like any module.
package check

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Kind is a resource's apiVersion and kind, as a manifest names it.
type Kind struct {
	APIVersion string
	Kind       string
}

// SchemaLocation is the kubeconform schema-location template under dir that WriteSchemas fills.
func SchemaLocation(dir string) string {
	return filepath.Join(dir, "{{ .ResourceKind }}{{ .KindSuffix }}.json")
}

// WriteSchemas writes into dir one standalone, strict JSON schema per kind, named as kubeconform's
// template in SchemaLocation looks for it, from the definitions of an OpenAPI v2 document (swagger.json).
func WriteSchemas(swagger string, dir string, kinds []Kind) error {
	raw, err := os.ReadFile(swagger)
	if err != nil {
		return err
	}
	var doc struct {
		Definitions map[string]map[string]any `json:"definitions"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return fmt.Errorf("%s: %w", swagger, err)
	}
	byKind := map[Kind]string{}
	for name, def := range doc.Definitions {
		gvks, _ := def["x-kubernetes-group-version-kind"].([]any)
		for _, g := range gvks {
			gvk := g.(map[string]any)
			apiVersion := gvk["version"].(string)
			if group := gvk["group"].(string); group != "" {
				apiVersion = group + "/" + apiVersion
			}
			byKind[Kind{apiVersion, gvk["kind"].(string)}] = name
		}
	}
	for _, kind := range kinds {
		name, ok := byKind[kind]
		if !ok {
			return fmt.Errorf("no %s %s in %s", kind.APIVersion, kind.Kind, swagger)
		}
		schema := inline(doc.Definitions, name, map[string]bool{})
		out, err := json.Marshal(schema)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, fileName(kind)), out, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// fileName is what kubeconform's {{ .ResourceKind }}{{ .KindSuffix }} gives: deployment-apps-v1,
// rolebinding-rbac-v1 (the group's first label), service-v1.
func fileName(kind Kind) string {
	suffix := ""
	if group, version, grouped := strings.Cut(kind.APIVersion, "/"); grouped {
		suffix = "-" + strings.ToLower(strings.Split(group, ".")[0]) + "-" + strings.ToLower(version)
	} else {
		suffix = "-" + strings.ToLower(kind.APIVersion)
	}
	return strings.ToLower(kind.Kind) + suffix + ".json"
}

// inline resolves every $ref of a definition into a copy of what it points to, so that one file holds
// the whole schema; a definition met again inside itself (none of the kinds deployed here has one)
// accepts anything rather than recurse forever.
func inline(defs map[string]map[string]any, name string, open map[string]bool) any {
	if open[name] {
		return map[string]any{}
	}
	open[name] = true
	defer delete(open, name)
	switch name {
	// Both hold numbers as well as strings in YAML ("port: 8080", "cpu: 2"); the OpenAPI document
	// only says string, with a format for the first.
	case "io.k8s.apimachinery.pkg.util.intstr.IntOrString":
		return map[string]any{"oneOf": []any{map[string]any{"type": "string"}, map[string]any{"type": "integer"}}}
	case "io.k8s.apimachinery.pkg.api.resource.Quantity":
		return map[string]any{"oneOf": []any{map[string]any{"type": "string"}, map[string]any{"type": "number"}}}
	}
	return resolve(defs, defs[name], open)
}

func resolve(defs map[string]map[string]any, node any, open map[string]bool) any {
	switch n := node.(type) {
	case map[string]any:
		if ref, ok := n["$ref"].(string); ok {
			return inline(defs, strings.TrimPrefix(ref, "#/definitions/"), open)
		}
		out := map[string]any{}
		for key, value := range n {
			if strings.HasPrefix(key, "x-kubernetes-") || key == "description" {
				continue
			}
			if key == "properties" {
				props := map[string]any{}
				for prop, schema := range value.(map[string]any) {
					props[prop] = resolve(defs, schema, open)
				}
				out[key] = props
				continue
			}
			out[key] = resolve(defs, value, open)
		}
		// Strict, as the API server's field validation is: a misspelt field is an error, not ignored.
		if _, hasProps := n["properties"]; hasProps {
			if _, set := n["additionalProperties"]; !set {
				out["additionalProperties"] = false
			}
		}
		return out
	case []any:
		out := make([]any, len(n))
		for i, value := range n {
			out[i] = resolve(defs, value, open)
		}
		return out
	default:
		return node
	}
}
