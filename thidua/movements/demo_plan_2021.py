"""The 2021 plan of the seed office (Số 114/KH-VP, 03/02/2021), as data for the demo.

Generated once from shared/reference/ke-hoach-114-KH-VP-2021.txt; the golden test checks the
rendered plan against that file sentence for sentence.
"""

# ruff: noqa: E501

PREAMBLE = [
    "Thực hiện Luật thi đua, khen thưởng năm 2003; Luật sửa đổi, bổ sung một số điều của Luật thi đua, khen thưởng năm 2005; Luật sửa đổi, bổ sung một số điều của Luật thi đua, khen thưởng năm 2013 và các văn bản của trung ương và của tỉnh hướng dẫn thi hành;",
    "Căn cứ phương hướng nhiệm vụ công tác thi đua năm 2021, Văn phòng Đoàn ĐBQH và HĐND Tỉnh phát động phong trào thi đua năm 2021 đến toàn thể cán bộ, công chức và người lao động trong Văn phòng như sau:",
]

PURPOSES = [
    "Đẩy mạnh các phong trào thi đua, tạo khí thế thi đua sôi nổi, quyết tâm khắc phục khó khăn thực hiện tốt nhiệm vụ được giao, góp phần thực hiện thắng lợi các chỉ tiêu phát triển kinh tế - xã hội năm 2021 của Tỉnh, thiết thực lập thành tích chào mừng các ngày lễ lớn trong năm 2021.",
    "Nâng cao chất lượng công tác khen thưởng, thực hiện tốt pháp luật về thi đua, khen thưởng; chú trọng khen thưởng theo công trạng và thành tích đạt được, trong đó quan tâm đến tập thể và người lao động trực tiếp. Thực hiện tốt công tác phát hiện và nhân rộng điển hình tiên tiến.",
]

REQUIREMENTS = [
    "Tăng cường sự lãnh đạo của lãnh đạo Văn phòng, lãnh đạo các phòng thuộc Văn phòng trong phong trào thi đua, phát huy sáng kiến, cải tiến kỹ thuật, xem đây là nhiệm vụ lãnh đạo trọng tâm, thường xuyên đối với việc thực hiện thắng lợi các mục tiêu kinh tế - xã hội của Tỉnh nói chung và nhiệm vụ chính trị của cơ quan nói riêng;",
    "Phong trào thi đua được phát động và triển khai thực hiện sâu rộng, thu hút đông đảo cán bộ, công chức và người lao động trong Văn phòng tham gia. Nội dung, hình thức tổ chức thực hiện phong trào thi đua phong phú, cụ thể, thực chất, hiệu quả. Tập thể cán bộ, công chức và người lao động theo chức năng, nhiệm vụ được giao phấn đấu thi đua lập thành tích xuất sắc trong thực hiện nhiệm vụ.",
    "Kết hợp chặt chẽ giữa thực hiện thi đua thường xuyên với các đợt thi đua chuyên đề. Gắn kết quả thực hiện phong trào thi đua với công tác khen thưởng; lấy kết quả hoàn thành nhiệm vụ để đánh giá thành tích của tập thể, cá nhân, hiệu quả của phong trào; bảo đảm khen thưởng chính xác, công khai, công bằng và kịp thời, tạo động lực để tập thể và cá nhân phấn đấu hoàn thành xuất sắc nhiệm vụ được giao.",
]

THEME = "Dân chủ - Kỷ cương - Đoàn kết - Sáng tạo - Hoàn thành xuất sắc nhiệm vụ."

SLOGAN = "Quyết tâm thi đua lập thành tích xuất sắc chào mừng các ngày lễ lớn trong năm 2021."

CONTENTS = [
    "Thi đua hoàn thành xuất sắc nhiệm vụ được giao, góp phần hoàn thành xuất sắc nhiệm vụ chung của cơ quan. Tham mưu, thực hiện tốt các mặt công tác như: Công tác bầu cử đại biểu Quốc hội khóa XV và bầu cử đại biểu HĐND các cấp, nhiệm kỳ 2021 - 2026; xây dựng văn bản; xây dựng pháp luật; chuẩn bị, tổ chức, phục vụ kỳ họp HĐND Tỉnh; phục vụ kỳ họp Quốc hội; giám sát; thẩm tra; tiếp công dân; tiếp xúc cử tri và một số công tác khác.",
    "Chủ động, sáng tạo trong công tác: Có giải pháp quản lý về bố trí nhân lực, sắp xếp bộ máy, phương tiện làm việc, điều hành, kiểm tra, giám sát, thực thi công vụ,...; có những sáng kiến, đổi mới nhằm đảm bảo hiệu lực, hiệu quả của tổ chức bộ máy và nâng cao chất lượng công việc.",
    "Hưởng ứng, phát động và triển khai hiệu quả phong trào thi đua yêu nước, các phong trào thi đua theo chuyên đề do Ủy ban nhân dân Tỉnh và các ngành liên quan phát động.",
    "Tiếp tục tăng cường công tác tuyên truyền các quy định của pháp luật về thi đua, khen thưởng đến toàn thể cán bộ, công chức, người lao động. Đổi mới hoạt động của Hội đồng Xét duyệt sáng kiến, Hội đồng Thi đua, khen thưởng thực chất hơn, hiệu quả hơn, đảm bảo cho phong trào thi đua đi vào chiều sâu, việc xét khen thưởng đảm bảo khách quan, công bằng, đúng quy định pháp luật.",
    "Công khai, dân chủ, kịp thời khen thưởng các tập thể, cá nhân có thành tích, chú trọng khen thưởng các tập thể, cá nhân có thành tích đột xuất, xuất sắc, cán bộ, công chức, người lao động trực tiếp, làm cho phong trào thi đua thực sự trở thành động lực mạnh mẽ động viên cán bộ, công chức, người lao động ra sức phấn đấu hoàn thành xuất sắc nhiệm vụ.",
    "Công tác nhân rộng điển hình tiên tiến: Trong quá trình tổ chức các phong trào thi đua, kịp thời phổ biến, giới thiệu những mô hình mới, sáng kiến hay mang lại hiệu quả cao trong công tác để mọi người học tập, vận dụng.",
]

PHASES_INTRO = ["Phong trào thi đua năm 2021 được chia thành 02 giai đoạn:"]

PHASES = [
    (
        "Giai đoạn 1",
        "Từ đầu năm 2021 đến ngày 30/6/2021, thi đua lập thành tích xuất sắc chào mừng các ngày lễ lớn, phấn đấu thực hiện tốt các nhiệm vụ, chỉ tiêu kế hoạch 6 tháng đầu năm 2021.",
    ),
    (
        "Giai đoạn 2",
        "Từ ngày 01/7/2021 đến hết năm 2021, thi đua lập thành tích xuất sắc chào mừng các ngày lễ lớn, phấn đấu thực hiện tốt các nhiệm vụ, chỉ tiêu kế hoạch 6 tháng cuối năm và cả năm 2021.",
    ),
]

TARGETS_COLLECTIVE = [
    "Văn phòng thực hiện tốt phong trào thi đua theo Cụm, Khối thi đua.",
    "100% tập thể phòng thuộc Văn phòng đạt danh hiệu “Tập thể Lao động tiên tiến”; phấn đấu có 50% tập thể phòng đạt danh hiệu “Tập thể Lao động xuất sắc”.",
]

TARGETS_INDIVIDUAL = [
    "Có ít nhất 95% cá nhân (thuộc đối tượng tham gia phong trào thi đua của cơ quan) đạt danh hiệu Lao động tiên tiến; phấn đấu có 15% cá nhân (trong số cá nhân đạt danh hiệu Lao động tiên tiến) đạt danh hiệu Chiến sĩ thi đua cấp cơ sở."
]

ORGANISATION = [
    "Lãnh đạo Văn phòng phối hợp với Ban Chấp hành Công đoàn cơ quan tổ chức ký kết giao ước thi đua giữa Chính quyền và Công đoàn năm 2021 tại Hội nghị cán bộ, công chức, viên chức năm 2020; phát động phong trào thi đua yêu nước năm 2021 và vận động cán bộ, công chức, người lao động cơ quan, đoàn viên Công đoàn tích cực hưởng ứng phong trào thi đua.",
    "Phòng Hành chính, Tổ chức, Quản trị triển khai cho tập thể, cá nhân trong cơ quan đăng ký thi đua năm 2021.",
    "Các phòng thuộc Văn phòng căn cứ Kế hoạch này để phát động thi đua thực hiện nhiệm vụ chuyên môn gắn liền với các phong trào thi đua. Kết thúc mỗi giai đoạn thi đua, tiến hành bình xét và gửi đề nghị khen thưởng (nếu có) về Hội đồng Thi đua - Khen thưởng cơ quan để xem xét, đề nghị Chánh Văn phòng quyết định.",
    "Lãnh đạo Văn phòng tổ chức sơ kết, tổng kết phong trào thi đua, xem xét khen thưởng cho cán bộ, công chức, người lao động có thành tích đúng theo quy định.",
]

CLOSING = [
    "Trên đây là Kế hoạch phát động phong trào thi đua năm 2021 của Văn phòng Đoàn ĐBQH và HĐND Tỉnh./."
]

RECIPIENTS = [
    "Lãnh đạo Đoàn ĐBQH Tỉnh;",
    "Thường trực HĐND Tỉnh;",
    "Công đoàn Viên chức Tỉnh;",
    "Các Ban của HĐND Tỉnh;",
    "Lãnh đạo, CBCC, NLĐ Văn phòng;",
    "Lưu: VT.",
]
