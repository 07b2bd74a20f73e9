package sfu

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Metrics are kept in a registry of their own rather than the global one so that
// several servers can live in one process (the tests start one per test).
type Metrics struct {
	Registry *prometheus.Registry

	sessions         prometheus.Gauge
	participants     prometheus.Gauge
	publishedTracks  prometheus.Gauge
	subscriptions    prometheus.Gauge
	forwardedPackets prometheus.Counter
	forwardedBytes   prometheus.Counter
	keyframeRequests prometheus.Counter
	signalIn         *prometheus.CounterVec
	signalOut        *prometheus.CounterVec
	iceStates        *prometheus.CounterVec
}

func NewMetrics() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		sessions: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "sfu_sessions", Help: "Sessions (classes) with at least one participant.",
		}),
		participants: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "sfu_participants", Help: "Joined participants over all sessions.",
		}),
		publishedTracks: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "sfu_published_tracks", Help: "Tracks received from publishers.",
		}),
		subscriptions: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "sfu_subscriptions", Help: "Tracks forwarded to subscribers, one per subscriber and track.",
		}),
		forwardedPackets: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "sfu_forwarded_rtp_packets_total", Help: "RTP packets read from publishers.",
		}),
		forwardedBytes: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "sfu_forwarded_rtp_bytes_total", Help: "RTP bytes read from publishers.",
		}),
		keyframeRequests: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "sfu_keyframe_requests_total", Help: "PLIs sent to publishers.",
		}),
		signalIn: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sfu_signal_requests_total", Help: "Signal requests received, by payload.",
		}, []string{"payload"}),
		signalOut: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sfu_signal_replies_total", Help: "Signal replies sent, by payload.",
		}, []string{"payload"}),
		iceStates: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sfu_peer_connection_states_total", Help: "PeerConnection state changes, by role and state.",
		}, []string{"role", "state"}),
	}
	m.Registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.sessions, m.participants, m.publishedTracks, m.subscriptions,
		m.forwardedPackets, m.forwardedBytes, m.keyframeRequests,
		m.signalIn, m.signalOut, m.iceStates,
	)
	return m
}
