package sfu

import "fmt"

// A camera's simulcast layers, smallest picture first. Cameras send them with
// the rids q, h and f (a quarter, half and the full size, as ion-sfu's and
// LiveKit's clients name them; web/app/src/media/session.ts); a track sent
// without simulcast has the single layer layerLow.
const (
	layerLow = iota
	layerMedium
	layerHigh
	layerCount
	// layerNone forwards nothing: a subscriber that hides the tile.
	layerNone = -1
)

// layerOfRID returns the layer a rid names; false for a rid of no known layer.
func layerOfRID(rid string) (int, bool) {
	switch rid {
	case "", "q":
		return layerLow, true
	case "h":
		return layerMedium, true
	case "f":
		return layerHigh, true
	}
	return 0, false
}

// layerOfName reads the video quality of ion-sfu's data channel messages.
func layerOfName(name string) (int, error) {
	switch name {
	case "low":
		return layerLow, nil
	case "medium":
		return layerMedium, nil
	case "high":
		return layerHigh, nil
	case "none":
		return layerNone, nil
	}
	return 0, fmt.Errorf("video %q is none of low, medium, high, none", name)
}
