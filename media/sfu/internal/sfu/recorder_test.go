package sfu

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/pion/webrtc/v4"
	"github.com/pion/webrtc/v4/pkg/media"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	rtc "app.ardoise/sfu/proto"
)

// opusSilence is a real Opus packet: TOC 0xf8 (CELT, fullband, 20 ms, one frame)
// and the two bytes of a silent frame, 960 samples at 48 kHz.
var opusSilence = []byte{0xf8, 0xff, 0xfe}

// publishAudio sends one Opus packet every 20 ms, as a browser's microphone does,
// until the browser closes.
func (b *browser) publishAudio(id string) {
	track, err := webrtc.NewTrackLocalStaticSample(webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2}, id, "stream-"+b.uid)
	if err != nil {
		b.t.Fatal(err)
	}
	if _, err := b.pub.AddTrack(track); err != nil {
		b.t.Fatal(err)
	}
	go func() {
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for range tick.C {
			if b.pub.ConnectionState() == webrtc.PeerConnectionStateClosed {
				return
			}
			_ = track.WriteSample(media.Sample{Data: opusSilence, Duration: 20 * time.Millisecond})
		}
	}()
}

func (s *testSFU) fetch(t *testing.T, fileID string) []byte {
	t.Helper()
	stream, err := s.recorder.FetchRecording(context.Background(), &rtc.FetchRecordingRequest{FileId: fileID})
	if err != nil {
		t.Fatal(err)
	}
	var out []byte
	for {
		chunk, err := stream.Recv()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, chunk.GetData()...)
	}
}

// A teacher's microphone becomes one Ogg/Opus file whose pages a player can read
// and whose duration is the time recorded; a student's microphone and the
// teacher's camera in the same class are not recorded.
func TestRecordsNamedParticipantsAudioOnly(t *testing.T) {
	s := startSFU(t)
	teacher := s.join(t, "class", "teacher", joinOpts{video: "teacher-cam"})
	student := s.join(t, "class", "student", joinOpts{})
	teacher.publishAudio("teacher-mic")
	teacher.offerAgain()
	student.publishAudio("student-mic")
	student.offerAgain()
	eventually(t, "three tracks published", func() bool { return len(s.srv.sessions.tracksOf("class")) == 3 })

	ctx := context.Background()
	if _, err := s.recorder.StartRecording(ctx, &rtc.StartRecordingRequest{Sid: "class", RecordingId: "r1", Uids: []string{"teacher"}}); err != nil {
		t.Fatal(err)
	}
	started := time.Now()
	time.Sleep(3 * time.Second)
	reply, err := s.recorder.StopRecording(ctx, &rtc.StopRecordingRequest{Sid: "class", RecordingId: "r1"})
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(started)

	if len(reply.GetFiles()) != 1 {
		t.Fatalf("want one file (the teacher's microphone), got %v", reply.GetFiles())
	}
	file := reply.GetFiles()[0]
	if file.GetUid() != "teacher" {
		t.Fatalf("recorded %q, want the teacher", file.GetUid())
	}
	data := s.fetch(t, file.GetFileId())
	if int64(len(data)) != file.GetBytes() {
		t.Fatalf("fetched %d bytes, reply said %d", len(data), file.GetBytes())
	}
	pages, err := oggPages(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) < 4 {
		t.Fatalf("only %d pages", len(pages))
	}
	if string(pages[0].payload[:8]) != "OpusHead" || pages[0].headerType&0x02 == 0 || pages[0].granule != 0 {
		t.Fatalf("first page is not a beginning-of-stream OpusHead: %+v", pages[0].headerType)
	}
	if string(pages[1].payload[:8]) != "OpusTags" || pages[1].granule != 0 {
		t.Fatal("second page is not OpusTags")
	}
	if pages[len(pages)-1].headerType&0x04 == 0 {
		t.Fatal("last page does not end the stream")
	}
	var granule uint64
	for i, p := range pages {
		if p.serial != pages[0].serial || p.sequence != uint32(i) {
			t.Fatalf("page %d: serial %d sequence %d", i, p.serial, p.sequence)
		}
		if p.granule == ^uint64(0) {
			continue
		}
		if p.granule < granule {
			t.Fatalf("page %d: granule %d goes back from %d", i, p.granule, granule)
		}
		if p.granule%960 != 0 {
			t.Fatalf("page %d: granule %d is not a whole number of 20 ms frames", i, p.granule)
		}
		granule = p.granule
	}
	duration, err := oggDuration(data)
	if err != nil {
		t.Fatal(err)
	}
	// The sender's ticker skips ticks when the machine is busy, so fewer packets than 20 ms apiece may come; never
	// more than the time recorded.
	if duration < elapsed*8/10 || duration > elapsed+100*time.Millisecond {
		t.Fatalf("duration %v, recorded for %v", duration, elapsed)
	}
	if d := time.Duration(file.GetDurationMs()) * time.Millisecond; d != duration.Truncate(time.Millisecond) {
		t.Fatalf("reply says %v, the file %v", d, duration)
	}
	span := time.Duration(file.GetEndedAtMs()-file.GetStartedAtMs()) * time.Millisecond
	if span < duration-200*time.Millisecond || span > elapsed+100*time.Millisecond {
		t.Fatalf("wall-clock span %v, duration %v, recorded for %v", span, duration, elapsed)
	}
	t.Logf("3 s recorded: %d bytes, %d pages, %v", len(data), len(pages), duration)

	if _, err := s.recorder.DiscardRecording(ctx, &rtc.DiscardRecordingRequest{FileId: file.GetFileId()}); err != nil {
		t.Fatal(err)
	}
	stream, err := s.recorder.FetchRecording(ctx, &rtc.FetchRecordingRequest{FileId: file.GetFileId()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := stream.Recv(); status.Code(err) != codes.NotFound {
		t.Fatalf("a discarded file: %v, want NotFound", err)
	}
}

// A teacher who publishes after the recording started is recorded from then on,
// and a teacher named later (StartRecording again) too.
func TestRecordsTracksPublishedOrNamedLater(t *testing.T) {
	s := startSFU(t)
	ctx := context.Background()
	if _, err := s.recorder.StartRecording(ctx, &rtc.StartRecordingRequest{Sid: "class", RecordingId: "r2", Uids: []string{"a"}}); err != nil {
		t.Fatal(err)
	}
	a := s.join(t, "class", "a", joinOpts{})
	a.publishAudio("a-mic")
	a.offerAgain()
	b := s.join(t, "class", "b", joinOpts{})
	b.publishAudio("b-mic")
	b.offerAgain()
	eventually(t, "two tracks published", func() bool { return len(s.srv.sessions.tracksOf("class")) == 2 })
	time.Sleep(time.Second)
	if _, err := s.recorder.StartRecording(ctx, &rtc.StartRecordingRequest{Sid: "class", RecordingId: "r2", Uids: []string{"a", "b"}}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second)
	reply, err := s.recorder.StopRecording(ctx, &rtc.StopRecordingRequest{Sid: "class", RecordingId: "r2"})
	if err != nil {
		t.Fatal(err)
	}
	byUID := map[string]*rtc.RecordedFile{}
	for _, f := range reply.GetFiles() {
		byUID[f.GetUid()] = f
	}
	if len(byUID) != 2 || byUID["a"].GetDurationMs() < 1500 || byUID["b"].GetDurationMs() < 700 || byUID["b"].GetDurationMs() > 1300 {
		t.Fatalf("files %v", reply.GetFiles())
	}
	again, err := s.recorder.StopRecording(ctx, &rtc.StopRecordingRequest{Sid: "class", RecordingId: "r2"})
	if err != nil || len(again.GetFiles()) != 2 {
		t.Fatalf("a second stop lists the files again until discarded: %v %v", again, err)
	}
}

func TestStartRecordingNeedsIds(t *testing.T) {
	s := startSFU(t)
	if _, err := s.recorder.StartRecording(context.Background(), &rtc.StartRecordingRequest{Sid: "class"}); err == nil {
		t.Fatal("a recording without id was accepted")
	}
}
