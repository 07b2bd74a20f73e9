package sfu

import (
	"context"
	"testing"
)

func TestLoadReportsTheCountsAndTheCPU(t *testing.T) {
	m := NewMetrics()
	l := (&Server{metrics: m}).Load()
	m.sessions.Set(2)
	m.publishedTracks.Set(5)
	m.subscriptions.Set(40)
	// Some CPU to measure.
	for end := cpuUsed() + 50_000_000; cpuUsed() < end; {
	}
	got, err := l.Get(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.Sessions != 2 || got.Tracks != 5 || got.Subscribers != 40 {
		t.Fatalf("counts: %v", got)
	}
	if got.CpuCores <= 0 || got.Cores == 0 {
		t.Fatalf("cpu: %v of %v cores", got.CpuCores, got.Cores)
	}
}
