package main

// SfuEntrypoint is where the SFU's binary lies in its image, and what the image runs.
const SfuEntrypoint = "/ardoise-sfu"

// User is both images' user and group: no name needed, and no root.
const User = "65532:65532"

// SfuImage returns the SFU's image layout tarball: one layer holding its static binary alone.
// Timestamps are fixed, so the same binary always gives the same image digest.
func SfuImage(program []byte) ([]byte, error) {
	image, err := layout(map[string]any{
		"User":       User,
		"Entrypoint": []string{SfuEntrypoint},
		// Every setting is a flag; the Deployment's args fill them from its environment.
		"ExposedPorts": map[string]any{"50051/tcp": map[string]any{}, "9095/tcp": map[string]any{}, "5000/udp": map[string]any{}},
	}, []layer{{"sfu", []entry{regular(SfuEntrypoint[1:], 0o755, program)}}})
	return image.tarball, err
}
