package contract

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var at = time.Date(2026, 11, 25, 9, 41, 5, 0, time.FixedZone("ICT", 7*3600))

func ptr[T any](v T) *T { return &v }

var goldenTicket = Ticket{
	ID: "3wic5nydrevcahp3fnmmzdm7la", Number: "B007", Queue: "B", Procedure: "2.000815",
	Priority: PriorityElderly, Status: StatusCalled, Day: "2026-11-25", IssuedAt: at.Add(-20 * time.Minute),
	Position: 0, EstimatedWaitS: 0, Counter: 2, RecallCount: 1, CalledAt: ptr(at), SameDay: true,
}

// goldens is every wire value a client depends on, with a fixed example.
// Changing what one of them encodes to is a protocol change.
var goldens = map[string]any{
	"ticket": goldenTicket,
	"event_ticket_called": Event{V: ProtocolVersion, Seq: 42, Type: EventTicketCalled, At: at,
		Data: mustJSON(TicketEvent{Ticket: goldenTicket, Counter: 2})},
	"state": State{Seq: 42, Day: "2026-11-25", Now: at, CatalogueVersion: 3,
		Centre: CentreInfo{Name: Text{VI: "Trung tâm Phục vụ hành chính công phường Gia Viên"}, TimeZone: "Asia/Ho_Chi_Minh",
			Slogans: []Text{{VI: "4 xin, 4 luôn, 5 không"}}, Notices: []Text{}, FastDay: true,
			Announcement: AnnouncementSettings{Template: "Xin mời công dân có số thứ tự {number} đến quầy số {counter}", Repeat: 2, Volume: 80, HelpNotice: true}},
		Counters:    []CounterState{{Number: 2, Name: Text{VI: "Chứng thực", EN: "Certification"}, Queues: []string{"B", "N"}, Current: &goldenTicket}},
		Queues:      []QueueState{{Prefix: "B", Name: Text{VI: "Chứng thực"}, Waiting: 5, EstimatedWaitS: 1800, Counters: []int{2}}},
		RecentCalls: []Call{{Seq: 42, Number: "B007", Counter: 2, Recall: true, At: at}},
		OpenHelp:    []HelpRequest{{ID: 7, Device: "kiosk-1", At: at}},
		OpenFaults:  []DeviceFault{{ID: 3, Device: "kiosk-1", Kind: "paper_out", Message: "Hết giấy", At: at}},
	},
	"procedure": Procedure{Code: "2.000815", Name: Text{VI: "Chứng thực bản sao từ bản chính", EN: "Certified copy from the original"},
		Field: "chung-thuc", ProcessingTime: Text{VI: "Trong ngày"},
		Fees: []Fee{{Label: Text{VI: "Lệ phí"}, Kind: FeePerPage, Tiers: []FeeTier{{FromPage: 1, Amount: 2000}, {FromPage: 3, Amount: 1000}},
			Cap: 200000, Unit: Text{VI: "bản"}, Source: "Thông tư 226/2016/TT-BTC Điều 4"}},
		Documents: []Text{{VI: "Bản chính giấy tờ"}}, Result: Text{VI: "Bản sao được chứng thực"}, LegalBasis: []string{"Nghị định 23/2015/NĐ-CP"},
		Online: OnlinePartial, GuidanceURL: "https://dichvucong.gov.vn/tim-kiem-thu-tuc-hanh-chinh?keyword=2.000815",
		SameDayWednesday: true, SameDayCutoff: "15:00", Common: true},
	// After NQ 23/2026: the council fee in person, 0 đ online; exempt
	// classes; a condition beside an amount.
	"procedure_fee_rules": Procedure{Code: "1.004873", Name: Text{VI: "Cấp Giấy xác nhận tình trạng hôn nhân"}, Field: "ho-tich",
		Fees: []Fee{
			{Label: Text{VI: "Lệ phí"}, Kind: FeeLocal, Amount: 5000, Source: "NQ 12/2018/NQ-HĐND", Until: "2026-08-07"},
			{Label: Text{VI: "Lệ phí"}, Kind: FeeLocal, Amount: 5000, Source: "NQ 12/2018/NQ-HĐND", From: "2026-08-08", Channel: ChannelInPerson},
			{Label: Text{VI: "Lệ phí"}, Kind: FeeFree, Source: "NQ 23/2026/NQ-HĐND", From: "2026-08-08", Channel: ChannelOnline},
			{Label: Text{VI: "Phí sửa lỗi"}, Kind: FeeFlat, Amount: 25000, Source: "TT 226/2016/TT-BTC",
				Condition: Text{VI: "Chỉ thu khi sai sót không do lỗi của người thực hiện chứng thực"}},
		},
		FeeExemptions: []FeeExemption{{Who: Text{VI: "Hộ nghèo", EN: "Poor households"}, Source: "NQ 16/2023/NQ-HĐND"}}},
	"error":           ErrorBody{Error: APIError{Code: CodeQueueEmpty, Message: "Không còn ai đang chờ / nobody is waiting"}},
	"session":         Session{Token: "s_x", CSRFToken: "c", Username: "canbo1", Role: RoleStaff, ExpiresAt: at},
	"catalogue_event": CatalogueEvent{Version: 4, Removed: []string{"1.004884"}},
	"rating":          Rating{Ticket: "3wic5nydrevcahp3fnmmzdm7la", Number: "B007", Counter: 2, Score: RatingUnsatisfied, Reason: "Chờ lâu", At: at},
	"device_fault": DeviceFault{ID: 3, Device: "kiosk-1", Kind: "paper_out", Message: "Hết giấy", Ticket: "3wic5nydrevcahp3fnmmzdm7la", At: at,
		TakenBy: "canbo1", TakenAt: ptr(at.Add(time.Minute))},
	"issue_request": IssueTicketRequest{Procedure: "2.000815", Priority: PriorityPregnancy},
	"transfer":      TransferRequest{Counter: 3},
	// The issue answer alone carries the printed code; "ticket" above, as
	// events and the state carry it, has none.
	"ticket_issued":        func() Ticket { t := goldenTicket; t.Code = "048213"; return t }(),
	"rating_request":       RatingRequest{Ticket: "B007", Code: "048213", Score: RatingUnsatisfied, Reason: ReasonOther + ": phòng chờ nóng"},
	"counter_claim":        CounterClaim{Counter: 2, Username: "canbo1", ClaimedAt: at},
	"rating_check_request": RatingCheckRequest{Ticket: "B007", Code: "048213"},
	"rating_check": RatingCheck{Number: "B007", Procedure: "2.000815", ProcedureName: Text{VI: "Chứng thực bản sao", EN: "Certified copy"},
		Counter: 2, CounterName: Text{VI: "Chứng thực", EN: "Certification"}},
	"centre_info": CentreInfo{Name: Text{VI: "Trung tâm"}, TimeZone: "Asia/Ho_Chi_Minh", Slogans: []Text{}, Notices: []Text{},
		Announcement: AnnouncementSettings{Template: "{number} {counter}", Repeat: 2, Volume: 80}, PublicURL: "http://192.168.1.10"},
	"device_request": DeviceRequest{Name: "tablet-2", Role: RoleKiosk, Counter: 2, Replace: true},
	// A centre that stops issuing tickets while a kiosk's printer is out.
	"centre_printer_required": CentreInfo{Name: Text{VI: "Trung tâm"}, TimeZone: "Asia/Ho_Chi_Minh", Slogans: []Text{}, Notices: []Text{},
		Announcement: AnnouncementSettings{Template: "{number}", Repeat: 1}, TicketsNeedPrinter: true},
	"event_names": []EventType{EventTicketIssued, EventTicketCalled, EventTicketRecalled, EventTicketStarted, EventTicketFinished,
		EventTicketNoShow, EventTicketTransferred, EventTicketCancelled, EventRatingCreated, EventHelpRequested, EventHelpTaken,
		EventDeviceFault, EventDeviceFaultTaken, EventCatalogueChanged, EventSettingsChanged, ControlResync},
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// TestWireGolden locks the JSON of every wire type: the encoding must match
// testdata/NAME.golden.json byte for byte, and decoding it must give the
// value back.
func TestWireGolden(t *testing.T) {
	for name, v := range goldens {
		t.Run(name, func(t *testing.T) {
			got, err := json.MarshalIndent(v, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", name+".golden.json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update once to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("wire format of %s changed: raise ProtocolVersion if clients break, then -update\n got %s\nwant %s", name, got, want)
			}
			back := reflect.New(reflect.TypeOf(v))
			if err := json.Unmarshal(want, back.Interface()); err != nil {
				t.Fatal(err)
			}
			again, _ := json.MarshalIndent(back.Elem().Interface(), "", "  ")
			if !bytes.Equal(append(again, '\n'), want) {
				t.Fatalf("%s does not survive a decode/encode round trip:\n%s", name, again)
			}
		})
	}
}

func TestStatusAndPriority(t *testing.T) {
	final := map[Status]bool{StatusWaiting: false, StatusCalled: false, StatusServing: false,
		StatusDone: true, StatusNoShow: true, StatusTransferred: true, StatusCancelled: true}
	for s, want := range final {
		if s.Final() != want {
			t.Errorf("%s.Final() = %v", s, !want)
		}
	}
	for _, p := range append(Priorities, PriorityNone) {
		if !p.Valid() || p.Label().VI == "" || p.Label().EN == "" {
			t.Errorf("priority %q: valid %v, label %+v", p, p.Valid(), p.Label())
		}
	}
	if Priority("vip").Valid() {
		t.Error("unknown priority accepted")
	}
	if (Text{VI: "Hộ tịch"}).In("en") != "Hộ tịch" || (Text{VI: "Hộ tịch", EN: "Civil status"}).In("en") != "Civil status" {
		t.Error("Text.In does not fall back to Vietnamese")
	}
}
