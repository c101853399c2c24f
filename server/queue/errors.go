package queue

import (
	"motcua/server/coded"
	"motcua/server/contract"
)

// The engine's refusals are coded errors: the code a program switches on
// and a message a person can read (Vietnamese, then English). The API alone
// decides which HTTP status each code gets.

func invalid(msg string) error { return coded.New(contract.CodeInvalid, msg) }

func notFound(code, msg string) error { return coded.New(code, msg) }

func conflict(code, msg string) error { return coded.New(code, msg) }

var (
	errQueueEmpty = notFound(contract.CodeQueueEmpty, "Không còn ai đang chờ / nobody is waiting")
	errNoTicket   = notFound(contract.CodeNoTicket, "Quầy chưa gọi số nào / the counter has no current ticket")
	errNoCounter  = notFound(contract.CodeNotFound, "Không có quầy này / no such counter")
	errTicket404  = notFound(contract.CodeNotFound, "Không tìm thấy số thứ tự / ticket not found")
	errBusy       = conflict(contract.CodeCounterBusy, "Số hiện tại chưa xong: bấm Bắt đầu, Hoàn thành hoặc Vắng mặt trước / finish or mark the current ticket first")
	errRated      = conflict(contract.CodeAlreadyRated, "Số này đã được đánh giá / this ticket has already been rated")
)
