package sfu

import (
	"testing"

	"github.com/pion/webrtc/v4"
)

func TestStartsKeyframe(t *testing.T) {
	cases := []struct {
		name    string
		mime    string
		payload []byte
		want    bool
	}{
		// X=1, S=1 PID=0; I=1 with a 15-bit picture id; then the VP8 header, P bit 0.
		{"VP8 key frame", webrtc.MimeTypeVP8, []byte{0x90, 0x80, 0x80, 0x01, 0x10, 0x02, 0x00}, true},
		{"VP8 delta frame", webrtc.MimeTypeVP8, []byte{0x90, 0x80, 0x80, 0x01, 0x11, 0x02, 0x00}, false},
		{"VP8 key frame, not its first packet", webrtc.MimeTypeVP8, []byte{0x80, 0x80, 0x80, 0x01, 0x10}, false},
		{"H264 STAP-A with an SPS", webrtc.MimeTypeH264, []byte{0x18, 0x00, 0x0a, 0x67, 0x42}, true},
		{"H264 FU-A start of an IDR", webrtc.MimeTypeH264, []byte{0x7c, 0x85, 0x00}, true},
		{"H264 FU-A start of a P slice", webrtc.MimeTypeH264, []byte{0x7c, 0x81, 0x00}, false},
		{"VP9 key frame start", webrtc.MimeTypeVP9, []byte{0x08, 0x00}, true},
		{"VP9 predicted frame", webrtc.MimeTypeVP9, []byte{0x48, 0x00}, false},
		{"Opus has none", webrtc.MimeTypeOpus, []byte{0x00}, false},
	}
	for _, c := range cases {
		if got := startsKeyframe(c.mime, c.payload); got != c.want {
			t.Errorf("%s: %v", c.name, got)
		}
	}
}
