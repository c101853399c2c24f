package i18n

// table maps a key to its Vietnamese and English sentence. Keys are grouped
// by screen; the Vietnamese is written the way the centre's staff speak to
// citizens: a state office addresses them as "Ông/Bà", never "bạn"; a
// ticket is a "phiếu"; full diacritics.
var table = map[string][2]string{
	// Top bar and common buttons.
	"app.title":      {"Trung tâm Phục vụ hành chính công", "Public Administrative Service Centre"},
	"lang.switch":    {"English", "Tiếng Việt"},
	"text.larger":    {"A+  Chữ lớn", "A+  Larger text"},
	"text.normal":    {"A−  Cỡ chữ thường", "A−  Normal text"},
	"help.button":    {"Cần hỗ trợ", "I need help"},
	"help.sent":      {"Cán bộ sẽ đến hỗ trợ Ông/Bà ngay", "A member of staff is coming to help you"},
	"help.wait":      {"Ông/Bà vui lòng đứng chờ tại máy này.", "Please wait here at this kiosk."},
	"help.failed":    {"Chưa gửi được yêu cầu. Xin mời Ông/Bà đến bàn hướng dẫn.", "The request could not be sent. Please go to the information desk."},
	"help.queued":    {"Máy đang mất kết nối: yêu cầu sẽ được gửi ngay khi có kết nối lại.", "The kiosk is offline: your request will be sent as soon as it reconnects."},
	"help.desk":      {"Xin mời Ông/Bà đến bàn hướng dẫn để được hỗ trợ ngay.", "Please go to the information desk for help now."},
	"retry":          {"Thử lại", "Try again"},
	"offline.wait":   {"Đang mất kết nối", "Offline"},
	"back":           {"‹  Quay lại", "‹  Back"},
	"page.down":      {"Xem tiếp", "More"},
	"page.up":        {"Trở lại", "Up"},
	"home":           {"Về trang chủ", "Home"},
	"ok":             {"Đồng ý", "OK"},
	"done":           {"Xong", "Done"},
	"cancel":         {"Hủy", "Cancel"},
	"idle.countdown": {"Tự động về trang chủ sau %d giây", "Back to the home screen in %d s"},
	"idle.ask":       {"Ông/Bà còn cần hỗ trợ không?", "Do you still need help?"},
	"idle.keep":      {"Có, tôi vẫn đang dùng", "Yes, I am still here"},
	"idle.leave":     {"Không, về trang chủ", "No, back to the start"},
	"offline":        {"Mất kết nối máy chủ – đang kết nối lại", "Lost connection to the server – reconnecting"},
	"loading":        {"Đang tải danh mục thủ tục…", "Loading the list of procedures…"},

	// Home.
	"home.welcome": {"Xin chào Ông/Bà! Ông/Bà cần làm thủ tục gì?", "Welcome! Which procedure do you need?"},
	"home.fields":  {"Chọn lĩnh vực", "Choose a field"},
	"home.common":  {"Thủ tục thường dùng", "Most common procedures"},
	"home.search":  {"Tìm thủ tục", "Search procedures"},
	"home.rate":    {"Đánh giá sự phục vụ", "Rate our service"},
	"field.count":  {"%d thủ tục", "%d procedures"},
	"field.choose": {"Chọn thủ tục", "Choose a procedure"},

	// Procedure detail.
	"detail.code":      {"Mã thủ tục: %s", "Procedure code: %s"},
	"detail.fees":      {"Phí, lệ phí", "Fees"},
	"detail.nofee":     {"Chưa công bố phí, lệ phí – xin hỏi cán bộ tại quầy", "Fee not yet published – please ask at the counter"},
	"detail.free":      {"Miễn phí", "Free"},
	"detail.local":     {"Theo Nghị quyết HĐND thành phố (mức cụ thể xin hỏi tại quầy)", "Set by the city council (ask at the counter for the amount)"},
	"detail.source":    {"Căn cứ: %s", "Source: %s"},
	"detail.calc":      {"Tính phí", "Fee calculator"},
	"detail.pages":     {"Số trang", "Pages"},
	"detail.copies":    {"Số bản", "Copies"},
	"detail.total":     {"Thành tiền: %s", "Total: %s"},
	"detail.unknown":   {"Không tính được – xin hỏi cán bộ", "Cannot compute – please ask staff"},
	"detail.time":      {"Thời hạn giải quyết", "Processing time"},
	"detail.documents": {"Giấy tờ cần chuẩn bị", "Documents to bring"},
	"detail.steps":     {"Các bước thực hiện", "Steps"},
	"detail.result":    {"Kết quả", "Result"},
	"detail.legal":     {"Căn cứ pháp lý", "Legal basis"},
	"detail.qr":        {"Quét mã để xem hướng dẫn trên điện thoại", "Scan for the official guidance on your phone"},
	"detail.take":      {"Lấy số thứ tự", "Take a ticket"},
	"badge.sameday":    {"Thứ Tư trả kết quả trong ngày", "Wednesday: result the same day"},
	"badge.online":     {"Nộp trực tuyến toàn trình", "Fully online application"},
	"badge.onlinepart": {"Nộp trực tuyến một phần", "Partly online application"},
	"badge.home":       {"Hỗ trợ tại nhà", "Home service available"},
	"fee.tier.first":   {"%s/trang", "%s/page"},
	"fee.tier.from":    {"từ trang %d: %s/trang", "from page %d: %s/page"},
	"fee.cap":          {"tối đa %s/bản", "at most %s/copy"},
	"unit.pages":       {"%d trang × %d bản", "%d pages × %d copies"},

	// Priority.
	"prio.title":  {"Ông/Bà có thuộc diện ưu tiên không?", "Do you qualify for priority?"},
	"prio.none":   {"Không – lấy số thường", "No – normal ticket"},
	"prio.note":   {"Cán bộ sẽ kiểm tra giấy tờ khi gọi số.", "Staff will check when your number is called."},
	"prio.banner": {"ƯU TIÊN: %s", "PRIORITY: %s"},

	// Ticket.
	"ticket.taking":   {"Đang lấy số…", "Taking a ticket…"},
	"ticket.failed":   {"Chưa lấy được số. Xin thử lại hoặc bấm \"Cần hỗ trợ\".", "Could not take a ticket. Please try again or tap \"I need help\"."},
	"ticket.heading":  {"SỐ THỨ TỰ CỦA ÔNG/BÀ", "YOUR NUMBER"},
	"ticket.print":    {"SỐ THỨ TỰ", "TICKET"},
	"ticket.position": {"Có %d người đang chờ trước Ông/Bà", "%d people are waiting before you"},
	"ticket.first":    {"Ông/Bà là người tiếp theo", "You are next"},
	"ticket.wait":     {"Thời gian chờ dự kiến: %s", "Estimated wait: %s"},
	"ticket.counters": {"Quầy phục vụ: %s", "Counters: %s"},
	"ticket.queue":    {"Hàng %s – Quầy %s", "Queue %s – Counter %s"},
	"ticket.qr":       {"Quét mã để theo dõi lượt của Ông/Bà", "Scan to follow your turn"},
	"ticket.code":     {"Mã đánh giá: %s", "Rating code: %s"},
	"ticket.sameday":  {"Thứ Tư: nhận hồ sơ và trả kết quả trong ngày", "Wednesday: received and returned the same day"},
	"ticket.issued":   {"In lúc %s – %s", "Issued %s – %s"},
	"ticket.printing": {"Đang in phiếu…", "Printing your ticket…"},
	"ticket.printed":  {"Mời Ông/Bà nhận phiếu ở khe bên dưới.", "Please take your ticket below."},
	"ticket.noprint":  {"Máy này không in phiếu: Ông/Bà vui lòng chụp ảnh mã QR hoặc ghi nhớ số.", "This kiosk does not print: please photograph the QR code or note your number."},
	"ticket.printerr": {"Phiếu không in được (%s). Ông/Bà có thể chụp ảnh mã QR.", "The ticket did not print (%s). You may photograph the QR code."},
	"ticket.docs":     {"Giấy tờ cần chuẩn bị:", "Please have ready:"},

	// Printer faults, as told to citizens.
	"printer.paper":   {"hết giấy", "out of paper"},
	"printer.cover":   {"nắp máy in đang mở", "cover open"},
	"printer.offline": {"không kết nối được máy in", "printer offline"},
	"printer.fault":   {"máy in báo lỗi", "printer fault"},
	"printer.timeout": {"máy in không phản hồi", "printer not responding"},

	// A ticket that did not print, and the printer out between tickets.
	"ticket.what":             {"%s – hàng %s", "%s – queue %s"},
	"ticket.remember":         {"Ông/Bà vui lòng ghi nhớ số %s và đến quầy %s khi được gọi", "Please remember your number %s and go to counter %s when called"},
	"ticket.remember.many":    {"Ông/Bà vui lòng ghi nhớ số %s và đến quầy %s khi được gọi", "Please remember your number %s and go to counters %s when called"},
	"ticket.remember.wait":    {"Ông/Bà vui lòng ghi nhớ số %s và chờ gọi số", "Please remember your number %s and wait to be called"},
	"printer.banner.paper":    {"Máy in phiếu tạm hết giấy", "The ticket printer is out of paper"},
	"printer.banner.fault":    {"Máy in phiếu tạm không in được (%s)", "The ticket printer cannot print for now (%s)"},
	"printer.banner.remember": {"Ông/Bà vẫn lấy được số: vui lòng ghi nhớ số hiện trên màn hình", "you can still take a number: please remember the number shown on screen"},
	"printer.banner.desk":     {"tạm dừng phát số, xin mời Ông/Bà đến bàn hướng dẫn", "no tickets for now, please go to the information desk"},
	"printer.held":            {"Mời đến bàn hướng dẫn", "Please go to the information desk"},

	// Waits.
	"wait.none":    {"gần như không phải chờ", "almost no wait"},
	"wait.minutes": {"khoảng %d phút", "about %d min"},
	"wait.hours":   {"khoảng %d giờ %d phút", "about %d h %d min"},

	// Search.
	"search.title":   {"Tìm thủ tục", "Search procedures"},
	"search.hint":    {"Gõ vài chữ, ví dụ: khai sinh, ket hon, chung thuc", "Type a few letters, e.g. birth, marriage, copy"},
	"search.none":    {"Không tìm thấy thủ tục phù hợp", "No matching procedure"},
	"search.results": {"%d kết quả", "%d results"},
	"search.common":  {"Thủ tục thường dùng", "Common procedures"},

	// Keyboard.
	"kbd.space": {"Dấu cách", "Space"},
	"kbd.clear": {"Xóa hết", "Clear"},

	// Rating.
	"rate.question":   {"Ông/Bà đánh giá như thế nào về thái độ công chức khi hướng dẫn và tiếp nhận hồ sơ?", "How satisfied are you with the officer who served you?"},
	"rate.ticket":     {"Phiếu số %s – Quầy %d", "Ticket %s – Counter %d"},
	"rate.3":          {"Rất hài lòng", "Very satisfied"},
	"rate.2":          {"Hài lòng", "Satisfied"},
	"rate.1":          {"Không hài lòng", "Not satisfied"},
	"rate.reason":     {"Xin cho biết lý do chưa hài lòng:", "Please tell us why:"},
	"rate.thanks":     {"Cảm ơn Ông/Bà đã đánh giá!", "Thank you for your rating!"},
	"rate.idle":       {"Mời Ông/Bà đánh giá sau khi được phục vụ", "Please rate the service after you are served"},
	"rate.enter":      {"Nhập số trên phiếu của Ông/Bà", "Enter the number on your ticket"},
	"rate.already":    {"Phiếu này đã được đánh giá.", "This ticket has already been rated."},
	"rate.notfound":   {"Không tìm thấy phiếu đã phục vụ với số này.", "No served ticket with this number."},
	"rate.failed":     {"Chưa gửi được đánh giá. Xin thử lại.", "The rating could not be sent. Please try again."},
	"rate.code":       {"Nhập mã đánh giá in trên phiếu số %s (6 chữ số)", "Enter the rating code printed on ticket %s (6 digits)"},
	"rate.badcode":    {"Mã đánh giá không đúng. Ông/Bà vui lòng xem lại mã in trên phiếu.", "The rating code is wrong. Please check the code printed on your ticket."},
	"rate.other":      {"Xin ghi rõ lý do của Ông/Bà:", "Please write your reason:"},
	"rate.send":       {"Gửi đánh giá", "Send"},
	"reason.wait":     {"Phải chờ lâu", "Waited too long"},
	"reason.attitude": {"Thái độ chưa tốt", "Unfriendly attitude"},
	"reason.guide":    {"Hướng dẫn chưa rõ", "Unclear guidance"},
	"reason.docs":     {"Yêu cầu thêm giấy tờ", "Asked for extra papers"},
	"reason.other":    {"Lý do khác", "Other reason"},

	// Admin exit.
	"admin.title": {"Nhập mã quản trị để thoát", "Enter the admin PIN to exit"},
	"admin.wrong": {"Sai mã", "Wrong PIN"},
}
