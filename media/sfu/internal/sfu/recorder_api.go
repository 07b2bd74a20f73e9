package sfu

import (
	"context"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	rtc "app.ardoise/sfu/proto"
)

// chunkBytes keeps each streamed message well under gRPC's 4 MiB default.
const chunkBytes = 256 << 10

// RecorderService serves ardoise.recorder.v1.Recorder for a Server.
type RecorderService struct {
	rtc.UnimplementedRecorderServer
	rec *recorder
}

// Recorder is the server's recording service, to register beside rtc.RTC.
func (s *Server) Recorder() *RecorderService { return &RecorderService{rec: s.rec} }

func (r *RecorderService) StartRecording(_ context.Context, req *rtc.StartRecordingRequest) (*rtc.StartRecordingReply, error) {
	if req.GetSid() == "" || req.GetRecordingId() == "" {
		return nil, status.Error(codes.InvalidArgument, "sid and recording_id are required")
	}
	r.rec.start(req.GetSid(), req.GetRecordingId(), req.GetUids())
	return &rtc.StartRecordingReply{}, nil
}

func (r *RecorderService) StopRecording(_ context.Context, req *rtc.StopRecordingRequest) (*rtc.StopRecordingReply, error) {
	if req.GetSid() == "" || req.GetRecordingId() == "" {
		return nil, status.Error(codes.InvalidArgument, "sid and recording_id are required")
	}
	reply := &rtc.StopRecordingReply{}
	for _, file := range r.rec.stop(req.GetSid(), req.GetRecordingId()) {
		data := file.bytes()
		duration, err := oggDuration(data)
		if err != nil {
			return nil, status.Errorf(codes.Internal, "file %s: %v", file.id, err)
		}
		first, last := file.span()
		reply.Files = append(reply.Files, &rtc.RecordedFile{
			FileId: file.id, Uid: file.uid,
			StartedAtMs: first.UnixMilli(), EndedAtMs: last.UnixMilli(),
			Bytes: int64(len(data)), DurationMs: duration.Milliseconds(),
		})
	}
	return reply, nil
}

func (r *RecorderService) FetchRecording(req *rtc.FetchRecordingRequest, stream rtc.Recorder_FetchRecordingServer) error {
	file := r.rec.file(req.GetFileId())
	if file == nil {
		return status.Errorf(codes.NotFound, "no recorded file %q", req.GetFileId())
	}
	data := file.bytes()
	for start := 0; start < len(data); start += chunkBytes {
		end := min(start+chunkBytes, len(data))
		if err := stream.Send(&rtc.RecordingChunk{Data: data[start:end]}); err != nil {
			return err
		}
	}
	return nil
}

func (r *RecorderService) DiscardRecording(_ context.Context, req *rtc.DiscardRecordingRequest) (*rtc.DiscardRecordingReply, error) {
	r.rec.discard(req.GetFileId())
	return &rtc.DiscardRecordingReply{}, nil
}
