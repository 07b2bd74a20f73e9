package sfu

import (
	"strings"

	"github.com/pion/rtp/codecs"
	"github.com/pion/webrtc/v4"
)

// startsKeyframe reports whether an RTP payload is the first packet of a key
// frame: the only place where a subscriber can be moved to another layer.
func startsKeyframe(mimeType string, payload []byte) bool {
	switch strings.ToLower(mimeType) {
	case strings.ToLower(webrtc.MimeTypeVP8):
		var p codecs.VP8Packet
		if _, err := p.Unmarshal(payload); err != nil {
			return false
		}
		// RFC 7741 section 4.3: the P bit of the payload header, 0 for a key frame.
		return p.S == 1 && p.PID == 0 && len(p.Payload) > 0 && p.Payload[0]&0x01 == 0
	case strings.ToLower(webrtc.MimeTypeVP9):
		var p codecs.VP9Packet
		if _, err := p.Unmarshal(payload); err != nil {
			return false
		}
		// Not inter-picture predicted, at the start of a frame.
		return !p.P && p.B
	case strings.ToLower(webrtc.MimeTypeH264):
		return h264StartsKeyframe(payload)
	}
	return false
}

// h264StartsKeyframe looks for the SPS that Chromium puts before each IDR, alone
// or first in a STAP-A (RFC 6184).
func h264StartsKeyframe(payload []byte) bool {
	const (
		nalSPS   = 7
		nalIDR   = 5
		nalSTAPA = 24
		nalFUA   = 28
	)
	if len(payload) < 2 {
		return false
	}
	switch nal := payload[0] & 0x1f; nal {
	case nalSPS, nalIDR:
		return true
	case nalSTAPA:
		return len(payload) > 3 && payload[3]&0x1f == nalSPS
	case nalFUA:
		// The first fragment of an IDR.
		return payload[1]&0x80 != 0 && payload[1]&0x1f == nalIDR
	}
	return false
}
