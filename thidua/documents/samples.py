"""Frozen data for the sample documents: the two-page notice and the minimal page (tests, benchmarks, previews)."""

SAMPLE_NOTICE_TEMPLATE = "documents/sample_notice.html"
MINIMAL_TEMPLATE = "documents/minimal.html"


def sample_notice_data(*, number: str = "05/TB-TĐKT") -> dict:
    """A THÔNG BÁO of the Vụ Thi đua - Khen thưởng, two A4 pages: header, sections, closing."""
    return {
        "issuer": {"parent": "Bộ Tư pháp", "name": "Vụ Thi đua - Khen thưởng"},
        "number": number,
        "place": "Hà Nội",
        "date": "2017-01-05",
        "type_name": "THÔNG BÁO",
        "subject": "Kết luận của Thứ trưởng Trần Tiến Dũng tại Hội nghị tổng kết công tác thi đua, "
        "khen thưởng năm 2016 của Cụm thi đua số I",
        "intro": (
            "Ngày 28 tháng 12 năm 2016, tại trụ sở Bộ Tư pháp, Cụm thi đua số I (gồm các đơn vị thuộc Bộ) "
            "đã tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng năm 2016 và ký kết giao ước thi đua "
            "năm 2017. Thứ trưởng Trần Tiến Dũng dự và chỉ đạo Hội nghị. Sau khi nghe báo cáo của đơn vị "
            "Trưởng Cụm và ý kiến của các đơn vị thành viên, Thứ trưởng kết luận như sau:"
        ),
        "sections": [
            {
                "heading": "1. Kết quả thực hiện công tác thi đua, khen thưởng năm 2016",
                "paragraphs": [
                    "Năm 2016, các đơn vị trong Cụm đã bám sát Kế hoạch công tác thi đua, khen thưởng của Bộ, "
                    "phát động và tổ chức thực hiện ba phong trào thi đua: phong trào thi đua thường xuyên "
                    "hằng năm, phong trào thi đua đẩy mạnh ứng dụng công nghệ thông tin trong công tác chuyên "
                    "môn và phong trào thi đua thực hiện văn hóa công sở. 100% công chức, viên chức và người "
                    "lao động trong Cụm đã đăng ký thi đua ngay từ đầu năm; các đơn vị đã ký kết giao ước thi "
                    "đua và tổ chức chấm điểm, bình xét công khai, dân chủ, đúng quy định.",
                    "Công tác thi đua đã gắn chặt với việc thực hiện nhiệm vụ chính trị của từng đơn vị: "
                    "các dự án luật, pháp lệnh, nghị định được giao chủ trì soạn thảo đều bảo đảm tiến độ và "
                    "chất lượng; công tác thẩm định, góp ý văn bản quy phạm pháp luật có nhiều chuyển biến; "
                    "việc ứng dụng công nghệ thông tin trong quản lý, điều hành được đẩy mạnh, góp phần nâng "
                    "cao hiệu quả công việc và tiết kiệm thời gian, chi phí.",
                    "Việc phát hiện, bồi dưỡng và nhân rộng điển hình tiên tiến được quan tâm hơn; nhiều tập "
                    "thể, cá nhân có thành tích xuất sắc đã được biểu dương, khen thưởng kịp thời. Tuy nhiên, "
                    "một số đơn vị còn chậm gửi hồ sơ đề nghị khen thưởng, nội dung báo cáo thành tích chưa "
                    "làm rõ được những đóng góp cụ thể; việc chấm điểm chéo giữa các đơn vị có lúc còn nể nang.",
                ],
            },
            {
                "heading": "2. Kết quả bình xét, suy tôn",
                "paragraphs": [
                    "Trên cơ sở kết quả chấm điểm và bỏ phiếu kín, Hội nghị đã thống nhất suy tôn Vụ Pháp luật "
                    "dân sự - kinh tế đề nghị Thủ tướng Chính phủ tặng Cờ thi đua của Chính phủ; suy tôn Vụ Tổ "
                    "chức cán bộ, Vụ Pháp luật dân sự - kinh tế, Vụ Các vấn đề chung về xây dựng pháp luật và "
                    "Vụ Pháp luật quốc tế đề nghị Bộ trưởng tặng Cờ thi đua của Bộ Tư pháp.",
                    "Hội nghị cũng thống nhất bầu Vụ Các vấn đề chung về xây dựng pháp luật làm Trưởng Cụm, "
                    "Văn phòng Bộ làm Phó Trưởng Cụm thi đua số I năm 2017.",
                ],
            },
            {
                "heading": "3. Nhiệm vụ trọng tâm năm 2017",
                "paragraphs": [
                    "Các đơn vị tiếp tục quán triệt sâu sắc quan điểm, chủ trương của Đảng, chính sách, pháp "
                    "luật của Nhà nước về thi đua, khen thưởng; đổi mới nội dung, hình thức tổ chức các phong "
                    "trào thi đua theo hướng thiết thực, hiệu quả, tránh hình thức, gắn với việc thực hiện "
                    "nhiệm vụ chuyên môn được giao.",
                    "Thực hiện nghiêm túc việc đăng ký thi đua, ký kết giao ước thi đua và đánh giá, chấm điểm "
                    "theo bảng tiêu chí của Cụm; bảo đảm việc bình xét khen thưởng chính xác, công khai, công "
                    "bằng, kịp thời, đúng đối tượng, chú trọng khen thưởng người trực tiếp lao động, công tác.",
                    "Đơn vị Trưởng Cụm chủ trì, phối hợp với Vụ Thi đua - Khen thưởng xây dựng kế hoạch hoạt "
                    "động của Cụm năm 2017, tổ chức kiểm tra chéo giữa các đơn vị và tổng hợp kết quả, báo cáo "
                    "Hội đồng Thi đua - Khen thưởng Bộ trước ngày 15 tháng 12 năm 2017.",
                    "Vụ Thi đua - Khen thưởng có trách nhiệm theo dõi, đôn đốc, hướng dẫn các đơn vị trong việc "
                    "thực hiện kết luận này và kịp thời báo cáo Lãnh đạo Bộ những khó khăn, vướng mắc phát sinh.",
                ],
            },
        ],
        "closing": "Vụ Thi đua - Khen thưởng thông báo để các đơn vị trong Cụm thi đua số I biết và thực hiện.",
        "signer": {"authority": "", "position": "Vụ trưởng", "name": "Nguyễn Văn Thành"},
        "recipients": [
            "Bộ trưởng (để báo cáo)",
            "Thứ trưởng Trần Tiến Dũng (để báo cáo)",
            "Các đơn vị thuộc Cụm thi đua số I",
            "Lưu: VT, TĐKT",
        ],
    }


def minimal_data() -> dict:
    """The baseline for render-time ratios: one short page with the same fonts, no header table."""
    return {"title": "Trang tối thiểu", "text": "Cộng hòa xã hội chủ nghĩa Việt Nam - Độc lập - Tự do - Hạnh phúc"}
