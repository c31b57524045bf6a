/**
 * Every string the widget shows, in the five chat languages. Japanese is the original; the others follow it.
 * Placeholders are `{name}`-style and filled by `format`.
 */
import type { ChatLanguage } from '@madoguchi/server/chat-api';

export interface Messages {
  /** The launcher button's label and accessible name. */
  launcher: string;
  /** Shown after the character's name in the panel title. */
  botRole: string;
  /** The language menu's label; contains "Language" in every language so anyone can find it. */
  language: string;
  restart: string;
  close: string;
  /** The message list's accessible name. */
  conversation: string;
  /** When the city wrote no greeting for the language. {name}: the character. */
  greeting: string;
  /** Visually hidden speaker prefix of a message. {name}: the speaker. */
  said: string;
  you: string;
  categories: string;
  popular: string;
  /** {category} */
  categoryIntro: string;
  categoryEmpty: string;
  inputLabel: string;
  placeholder: string;
  inputNote: string;
  send: string;
  /** {count} of {max} characters. */
  counter: string;
  /** {max} */
  tooLong: string;
  typing: string;
  untranslated: string;
  resolvedQuestion: string;
  yes: string;
  no: string;
  thanks: string;
  notResolved: string;
  contact: string;
  related: string;
  commentLabel: string;
  commentHint: string;
  commentSend: string;
  commentThanks: string;
  commentFailed: string;
  candidates: string;
  /** Shown with an AI-composed answer: what it is, and that the linked answers are authoritative. */
  aiLabel: string;
  /** While the AI answer is being composed (read out politely). */
  aiWorking: string;
  /** Heading of the QAs an AI answer was made from. */
  aiSources: string;
  noneSorry: string;
  noneHint: string;
  newTab: string;
  pdf: string;
  /** {size}: as the server wrote it, e.g. "1.2 MB". */
  pdfSize: string;
  errorNetwork: string;
  errorTimeout: string;
  errorRateLimited: string;
  errorInvalid: string;
  errorNotFound: string;
  errorServer: string;
}

export type MessageKey = keyof Messages;

const ja: Messages = {
  launcher: '質問する',
  botRole: 'AIチャットボット',
  language: '言語（Language）',
  restart: '最初からやり直す',
  close: '閉じる',
  conversation: '会話',
  greeting: 'こんにちは。AIチャットボットの{name}です。手続きや暮らしのことなど、知りたいことを入力してください。',
  said: '{name}：',
  you: 'あなた',
  categories: '分類から探す',
  popular: 'よくある質問',
  categoryIntro: '「{category}」に関する質問です。知りたいものを選んでください。',
  categoryEmpty: 'この分類には、まだ質問がありません。',
  inputLabel: '質問を入力',
  placeholder: '例：住民票の写しを取りたい',
  inputNote: 'AIが自動で回答します。個人情報は入力しないでください。',
  send: '送信',
  counter: '{count}／{max}文字',
  tooLong: '質問は{max}文字以内で入力してください。',
  typing: '回答を準備しています',
  untranslated: 'この言語の回答はまだありません。日本語の回答を表示しています。',
  resolvedQuestion: '解決しましたか？',
  yes: 'はい',
  no: 'いいえ',
  thanks: 'お役に立てて良かったです。ほかにもご質問があれば、お気軽にどうぞ。',
  notResolved: 'お役に立てず申し訳ありません。',
  contact: 'お問い合わせ先',
  related: '関連する質問',
  commentLabel: 'よろしければ、お困りの点をお聞かせください（任意）',
  commentHint: '氏名・住所・電話番号などの個人情報は書かないでください。',
  commentSend: 'ご意見を送信',
  commentThanks: 'ご意見をお寄せいただき、ありがとうございました。今後の改善に役立てます。',
  commentFailed: 'ご意見を送信できませんでした。しばらくしてからもう一度お試しください。',
  candidates: 'もしかして、次のどれかでしょうか？',
  aiLabel: 'AIが登録済みの回答から作成した要約です。正確な内容は、下のリンク先の回答でご確認ください。',
  aiWorking: 'AIが登録済みの回答から要約を作成しています。',
  aiSources: '要約のもとにした回答',
  noneSorry: '申し訳ありません。お答えできませんでした。',
  noneHint: '別の言葉に言い換えたり、短くしたりして、もう一度質問してみてください。',
  newTab: '（新しいタブで開きます）',
  pdf: '（PDF）',
  pdfSize: '（PDF：{size}）',
  errorNetwork: '通信できませんでした。しばらくしてからもう一度お試しください。',
  errorTimeout: '応答に時間がかかっています。しばらくしてからもう一度お試しください。',
  errorRateLimited: '短い時間にたくさんのご質問をいただいたため、受付を一時的に止めています。少し時間をおいてから、もう一度お試しください。',
  errorInvalid: 'ご質問を受け付けられませんでした。内容をご確認のうえ、もう一度お試しください。',
  errorNotFound: 'お探しの質問が見つかりませんでした。公開が終了した可能性があります。別の言葉で質問してください。',
  errorServer: '申し訳ありません。システムでエラーが発生しました。しばらくしてからもう一度お試しください。',
};

const en: Messages = {
  launcher: 'Ask a question',
  botRole: 'AI chatbot',
  language: 'Language',
  restart: 'Start over',
  close: 'Close',
  conversation: 'Conversation',
  greeting: "Hello, I'm {name}, an AI chatbot. Please type your question about procedures, services or daily life.",
  said: '{name}: ',
  you: 'You',
  categories: 'Browse by category',
  popular: 'Frequently asked questions',
  categoryIntro: 'Questions about “{category}”. Please choose one.',
  categoryEmpty: 'There are no questions in this category yet.',
  inputLabel: 'Type your question',
  placeholder: 'e.g. Get a residence certificate',
  inputNote: 'Answers are given automatically by AI. Please do not enter personal information.',
  send: 'Send',
  counter: '{count}/{max} characters',
  tooLong: 'Please keep your question within {max} characters.',
  typing: 'Preparing an answer',
  untranslated: 'No English answer is available yet; here is the Japanese answer.',
  resolvedQuestion: 'Did this solve your problem?',
  yes: 'Yes',
  no: 'No',
  thanks: "I'm glad I could help. Feel free to ask anything else.",
  notResolved: "I'm sorry I couldn't help.",
  contact: 'Contact',
  related: 'Related questions',
  commentLabel: 'If you like, please tell us what you were looking for (optional)',
  commentHint: 'Please do not include personal information such as your name, address or phone number.',
  commentSend: 'Send feedback',
  commentThanks: 'Thank you for your feedback. We will use it to improve our answers.',
  commentFailed: 'Your feedback could not be sent. Please try again in a little while.',
  candidates: 'Did you mean one of these?',
  aiLabel: 'This summary was written by AI from the registered answers. Please check the linked answers below for the exact information.',
  aiWorking: 'AI is writing a summary from the registered answers.',
  aiSources: 'Answers the summary is based on',
  noneSorry: "I'm sorry, I couldn't find an answer.",
  noneHint: 'Please try asking again in different or fewer words.',
  newTab: ' (opens in a new tab)',
  pdf: ' (PDF)',
  pdfSize: ' (PDF, {size})',
  errorNetwork: "We couldn't connect. Please try again in a little while.",
  errorTimeout: 'The response is taking too long. Please try again in a little while.',
  errorRateLimited: 'We have received many questions in a short time. Please wait a moment and try again.',
  errorInvalid: 'Your question could not be accepted. Please check it and try again.',
  errorNotFound: 'That question could not be found; it may no longer be published. Please ask in other words.',
  errorServer: 'Sorry, a system error occurred. Please try again in a little while.',
};

const zh: Messages = {
  launcher: '提问',
  botRole: 'AI聊天机器人',
  language: '语言（Language）',
  restart: '重新开始',
  close: '关闭',
  conversation: '对话',
  greeting: '您好，我是AI聊天机器人{name}。关于各类手续和日常生活，请输入您想了解的问题。',
  said: '{name}：',
  you: '您',
  categories: '按类别查找',
  popular: '常见问题',
  categoryIntro: '以下是关于“{category}”的问题。请选择您想了解的内容。',
  categoryEmpty: '该类别暂无问题。',
  inputLabel: '输入问题',
  placeholder: '例如：我想开具住民票副本',
  inputNote: '由AI自动回答。请勿输入个人信息。',
  send: '发送',
  counter: '{count}/{max}字',
  tooLong: '请将问题控制在{max}字以内。',
  typing: '正在准备回答',
  untranslated: '暂无中文回答，以下为日文回答。',
  resolvedQuestion: '问题解决了吗？',
  yes: '已解决',
  no: '未解决',
  thanks: '很高兴能帮到您。如有其他问题，欢迎随时提问。',
  notResolved: '很抱歉没能帮到您。',
  contact: '咨询窗口',
  related: '相关问题',
  commentLabel: '如您愿意，请告诉我们您遇到的问题（选填）',
  commentHint: '请勿填写姓名、地址、电话号码等个人信息。',
  commentSend: '提交意见',
  commentThanks: '感谢您的宝贵意见，我们将用于今后的改进。',
  commentFailed: '意见提交失败。请稍后再试。',
  candidates: '您是想问以下哪个问题吗？',
  aiLabel: '这是AI根据已登录的回答生成的摘要。准确内容请查看下方链接中的回答。',
  aiWorking: 'AI正在根据已登录的回答生成摘要。',
  aiSources: '摘要所依据的回答',
  noneSorry: '很抱歉，未能找到答案。',
  noneHint: '请换一种说法或简短一些，再试一次。',
  newTab: '（在新标签页中打开）',
  pdf: '（PDF）',
  pdfSize: '（PDF，{size}）',
  errorNetwork: '无法连接。请稍后再试。',
  errorTimeout: '响应时间过长。请稍后再试。',
  errorRateLimited: '短时间内提问次数过多，已暂停受理。请稍等片刻后再试。',
  errorInvalid: '无法受理您的问题。请确认内容后再试。',
  errorNotFound: '未找到该问题，可能已停止公开。请换一种说法提问。',
  errorServer: '很抱歉，系统发生错误。请稍后再试。',
};

const ko: Messages = {
  launcher: '질문하기',
  botRole: 'AI 챗봇',
  language: '언어(Language)',
  restart: '처음부터 다시 하기',
  close: '닫기',
  conversation: '대화',
  greeting: '안녕하세요. AI 챗봇 {name}입니다. 각종 절차나 생활에 관해 궁금한 점을 입력해 주세요.',
  said: '{name}: ',
  you: '나',
  categories: '분야별로 찾기',
  popular: '자주 묻는 질문',
  categoryIntro: '‘{category}’ 관련 질문입니다. 궁금한 항목을 선택해 주세요.',
  categoryEmpty: '이 분야에는 아직 질문이 없습니다.',
  inputLabel: '질문 입력',
  placeholder: '예: 주민표 사본을 발급받고 싶어요',
  inputNote: 'AI가 자동으로 답변합니다. 개인정보는 입력하지 마세요.',
  send: '보내기',
  counter: '{count}/{max}자',
  tooLong: '질문은 {max}자 이내로 입력해 주세요.',
  typing: '답변을 준비하고 있습니다',
  untranslated: '아직 한국어 답변이 없어 일본어 답변을 보여 드립니다.',
  resolvedQuestion: '해결되었나요?',
  yes: '예',
  no: '아니요',
  thanks: '도움이 되어 다행입니다. 다른 궁금한 점이 있으면 언제든지 질문해 주세요.',
  notResolved: '도움이 되지 못해 죄송합니다.',
  contact: '문의처',
  related: '관련 질문',
  commentLabel: '괜찮으시다면 어떤 점이 불편하셨는지 알려 주세요(선택)',
  commentHint: '이름, 주소, 전화번호 등 개인정보는 적지 마세요.',
  commentSend: '의견 보내기',
  commentThanks: '의견을 보내 주셔서 감사합니다. 앞으로의 개선에 활용하겠습니다.',
  commentFailed: '의견을 보내지 못했습니다. 잠시 후 다시 시도해 주세요.',
  candidates: '혹시 다음 중 하나인가요?',
  aiLabel: 'AI가 등록된 답변을 바탕으로 작성한 요약입니다. 정확한 내용은 아래 링크의 답변에서 확인해 주십시오.',
  aiWorking: 'AI가 등록된 답변을 바탕으로 요약을 작성하고 있습니다.',
  aiSources: '요약의 근거가 된 답변',
  noneSorry: '죄송합니다. 답변을 찾지 못했습니다.',
  noneHint: '다른 표현으로 바꾸거나 짧게 줄여서 다시 질문해 보세요.',
  newTab: ' (새 탭에서 열림)',
  pdf: ' (PDF)',
  pdfSize: ' (PDF, {size})',
  errorNetwork: '통신할 수 없습니다. 잠시 후 다시 시도해 주세요.',
  errorTimeout: '응답이 지연되고 있습니다. 잠시 후 다시 시도해 주세요.',
  errorRateLimited: '짧은 시간에 질문이 많아 잠시 접수를 멈추었습니다. 잠시 후 다시 시도해 주세요.',
  errorInvalid: '질문을 접수하지 못했습니다. 내용을 확인한 후 다시 시도해 주세요.',
  errorNotFound: '해당 질문을 찾을 수 없습니다. 게시가 종료되었을 수 있습니다. 다른 표현으로 질문해 주세요.',
  errorServer: '죄송합니다. 시스템 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.',
};

const vi: Messages = {
  launcher: 'Đặt câu hỏi',
  botRole: 'Chatbot AI',
  language: 'Ngôn ngữ (Language)',
  restart: 'Bắt đầu lại',
  close: 'Đóng',
  conversation: 'Cuộc trò chuyện',
  greeting: 'Xin chào, tôi là {name}, chatbot AI. Vui lòng nhập câu hỏi về thủ tục hành chính hoặc đời sống hằng ngày.',
  said: '{name}: ',
  you: 'Bạn',
  categories: 'Tìm theo chủ đề',
  popular: 'Câu hỏi thường gặp',
  categoryIntro: 'Các câu hỏi về “{category}”. Vui lòng chọn câu bạn muốn biết.',
  categoryEmpty: 'Chủ đề này chưa có câu hỏi nào.',
  inputLabel: 'Nhập câu hỏi',
  placeholder: 'Ví dụ: Xin bản sao phiếu cư trú',
  inputNote: 'AI sẽ tự động trả lời. Vui lòng không nhập thông tin cá nhân.',
  send: 'Gửi',
  counter: '{count}/{max} ký tự',
  tooLong: 'Vui lòng nhập câu hỏi không quá {max} ký tự.',
  typing: 'Đang chuẩn bị câu trả lời',
  untranslated: 'Chưa có câu trả lời bằng tiếng Việt; dưới đây là câu trả lời bằng tiếng Nhật.',
  resolvedQuestion: 'Câu trả lời có giải quyết được vấn đề của bạn không?',
  yes: 'Có',
  no: 'Không',
  thanks: 'Rất vui vì đã giúp được bạn. Nếu còn câu hỏi khác, bạn cứ hỏi nhé.',
  notResolved: 'Rất tiếc vì chưa giúp được bạn.',
  contact: 'Nơi liên hệ',
  related: 'Câu hỏi liên quan',
  commentLabel: 'Nếu được, xin cho chúng tôi biết bạn đang gặp khó khăn gì (không bắt buộc)',
  commentHint: 'Vui lòng không ghi thông tin cá nhân như họ tên, địa chỉ, số điện thoại.',
  commentSend: 'Gửi góp ý',
  commentThanks: 'Cảm ơn bạn đã góp ý. Chúng tôi sẽ dùng ý kiến này để cải thiện.',
  commentFailed: 'Không gửi được góp ý. Vui lòng thử lại sau ít phút.',
  candidates: 'Có phải bạn muốn hỏi một trong những câu sau không?',
  aiLabel: 'Đây là bản tóm tắt do AI tạo từ các câu trả lời đã đăng ký. Vui lòng xem nội dung chính xác trong các câu trả lời được liên kết bên dưới.',
  aiWorking: 'AI đang tạo bản tóm tắt từ các câu trả lời đã đăng ký.',
  aiSources: 'Các câu trả lời làm căn cứ cho bản tóm tắt',
  noneSorry: 'Xin lỗi, tôi không tìm được câu trả lời.',
  noneHint: 'Vui lòng thử hỏi lại bằng từ ngữ khác hoặc ngắn gọn hơn.',
  newTab: ' (mở trong thẻ mới)',
  pdf: ' (PDF)',
  pdfSize: ' (PDF, {size})',
  errorNetwork: 'Không thể kết nối. Vui lòng thử lại sau ít phút.',
  errorTimeout: 'Phản hồi quá lâu. Vui lòng thử lại sau ít phút.',
  errorRateLimited: 'Bạn đã gửi nhiều câu hỏi trong thời gian ngắn. Vui lòng đợi một lát rồi thử lại.',
  errorInvalid: 'Không thể tiếp nhận câu hỏi của bạn. Vui lòng kiểm tra lại rồi thử lại.',
  errorNotFound: 'Không tìm thấy câu hỏi này; có thể câu hỏi đã ngừng đăng. Vui lòng hỏi bằng từ ngữ khác.',
  errorServer: 'Xin lỗi, hệ thống đã gặp lỗi. Vui lòng thử lại sau ít phút.',
};

/** All UI strings by language. */
export const MESSAGES: Readonly<Record<ChatLanguage, Messages>> = { ja, en, zh, ko, vi };

/**
 * Fills `{name}` placeholders; unknown placeholders are left as they are.
 *
 * @example format('{count}／{max}文字', { count: 3, max: 500 }) // '3／500文字'
 */
export function format(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = values[key];
    return value === undefined ? whole : String(value);
  });
}
