"""Text templates (Chinese and English) and a vectorised picker over them.

Texts are glued from short phrases chosen per row: an opener, a phrase for the topic and mood, a
closer. Phrases name the topic with plain words (质量, 快递, 价格, 客服 / quality, delivery, price,
service) so a keyword extractor downstream has something to find. ``{item}`` is replaced by the
product the customer talks about.
"""

from __future__ import annotations

from itertools import product

import numpy as np
import polars as pl

from pipelines.generate.vocab import ITEMS_EN, ITEMS_ZH

LANGS = ("zh", "en")
MOODS = ("positive", "neutral", "negative")

# --- service desk: by interaction category and mood ------------------------------------------------
SERVICE = {
    "zh": {
        "product_quality": {
            "positive": ("{item}质量很好，谢谢推荐", "这次买的{item}做工不错，很满意", "{item}用着挺好，质量没问题"),
            "neutral": ("想了解一下{item}的材质和保修政策", "{item}的使用说明在哪里可以找到", "请问{item}有质检报告吗", "{item}的保修期是多久"),
            "negative": ("买的{item}用了两天就坏了，质量太差", "收到的{item}有明显划痕，做工粗糙", "{item}和描述不符，质量有问题",
                         "{item}出现故障，怀疑是次品", "{item}有异味，质量不合格"),
        },
        "delivery": {
            "positive": ("快递很快，{item}已经收到了", "物流速度很满意，包装也完好"),
            "neutral": ("请问{item}什么时候发货", "想修改一下收货地址", "能帮我查一下快递单号吗", "{item}现在物流到哪里了"),
            "negative": ("{item}下单一周了还没发货，物流一直不更新", "快递把{item}送错地址了", "包裹外箱破损，{item}被压坏了",
                         "物流太慢了，说好的次日达到现在还没到", "快递员没打电话就签收了，我根本没收到{item}"),
        },
        "price": {
            "positive": ("价格很实惠，会继续回购", "{item}活动价很划算"),
            "neutral": ("{item}最近有没有优惠活动", "会员价格怎么计算", "双十一有没有满减", "企业采购{item}有折扣吗"),
            "negative": ("刚买的{item}第二天就降价了，要求补差价", "优惠券用不了，价格比别家贵", "活动价格和结算价格不一致，感觉被骗了"),
        },
        "service_attitude": {
            "positive": ("客服很耐心，问题解决了，点赞", "服务态度很好，谢谢", "售后处理得很及时，满意"),
            "neutral": ("想反馈一下客服的服务流程", "能不能换一个客服跟进我的问题", "希望售后流程能简单一点"),
            "negative": ("客服态度很差，问题一直没人回复", "打了三次电话都没人处理，服务太差了", "客服说话很不耐烦，非常失望",
                         "售后互相推诿，没人负责"),
        },
        "billing": {
            "positive": ("退款已经到账了，谢谢", "发票收到了，没问题"),
            "neutral": ("请帮忙开一张增值税专用发票", "想确认一下退款进度", "付款方式可以用对公转账吗", "发票抬头需要修改"),
            "negative": ("被重复扣款了，请尽快退款", "发票开错了，抬头不对", "退款申请了十天还没到账"),
        },
        "account": {
            "positive": ("账号问题已经解决了，谢谢", "积分已经补回来了"),
            "neutral": ("怎么修改绑定的手机号", "会员等级怎么升级", "想注销账号", "积分怎么兑换"),
            "negative": ("账号登录不上，验证码一直收不到", "会员积分莫名其妙被清零了", "账号被盗了，还被下了单"),
        },
        "other": {
            "positive": ("门店环境很好，店员很专业", "体验很好，下次还来"),
            "neutral": ("请问门店营业时间", "想咨询一下企业采购", "有没有线下体验店", "可以预约到店试用吗"),
            "negative": ("门店排队太久了，体验很差", "app老是闪退，下不了单"),
        },
    },
    "en": {
        "product_quality": {
            "positive": ("The {item} is great quality, thanks.", "Very happy with the {item}, well made."),
            "neutral": ("What is the warranty on the {item}?", "Where can I find the manual for the {item}?", "Is the {item} material certified?"),
            "negative": ("The {item} broke after two days, poor quality.", "The {item} arrived scratched, really bad quality.",
                         "The {item} is defective and not as described."),
        },
        "delivery": {
            "positive": ("Fast delivery, the {item} arrived today.", "Shipping was quick and the package was intact."),
            "neutral": ("When will my {item} ship?", "Can I change my delivery address?", "Could you send me the tracking number?"),
            "negative": ("Ordered the {item} a week ago and it still has not shipped.", "The courier delivered my {item} to the wrong address.",
                         "The package was damaged and the {item} is crushed.", "Delivery is far too slow."),
        },
        "price": {
            "positive": ("Great price, will buy again.", "The {item} was a good deal."),
            "neutral": ("Is there a discount on the {item} this month?", "How is the member price calculated?", "Do you offer bulk pricing?"),
            "negative": ("The price of the {item} dropped the day after I bought it, I want the difference back.",
                         "My coupon does not work and the price is higher than elsewhere.", "Too expensive for what it is."),
        },
        "service_attitude": {
            "positive": ("Customer service was patient and helpful.", "Great support, problem solved."),
            "neutral": ("I would like to give feedback on your service process.", "Can someone else follow up on my case?"),
            "negative": ("Customer service was rude and nobody replied.", "I called three times and nobody helped, terrible service.",
                         "Support keeps passing me around."),
        },
        "billing": {
            "positive": ("Refund received, thank you.", "Got the invoice, all good."),
            "neutral": ("Please issue a VAT invoice.", "What is the status of my refund?", "Can I pay by bank transfer?"),
            "negative": ("I was charged twice, please refund.", "The invoice is wrong.", "Refund requested ten days ago and still nothing."),
        },
        "account": {
            "positive": ("Account issue fixed, thanks.", "My points are back."),
            "neutral": ("How do I change my phone number?", "How do I upgrade my membership?", "Please close my account."),
            "negative": ("I cannot log in, the verification code never arrives.", "My member points disappeared."),
        },
        "other": {
            "positive": ("Lovely store and friendly staff.", "Nice experience, will come again."),
            "neutral": ("What are your store opening hours?", "Do you have a showroom?", "Question about corporate purchasing."),
            "negative": ("Waited too long in the store.", "The app keeps crashing at checkout."),
        },
    },
}
# Notes the desk writes for callbacks and store visits, by how the customer felt.
SERVICE_NOTES = {
    "zh": {
        "callback": {
            "positive": ("回访：客户对处理结果满意，感谢跟进", "回访：客户表示{item}的问题已经解决", "电话回访，客户很满意"),
            "neutral": ("回访：已告知客户处理进度", "回访：客户暂未表态，后续继续跟进", "电话回访未接通，已发短信"),
            "negative": ("回访：客户对处理结果不满意，要求升级处理", "回访：客户表示{item}问题还没解决，情绪激动", "回访：客户说不会再买了"),
        },
        "visit": {
            "positive": ("到店：客户试用了{item}，很满意", "到店：客户现场购买了{item}"),
            "neutral": ("到店：客户咨询{item}，已介绍", "到店：客户了解会员活动"),
            "negative": ("到店：客户对{item}质量不满意，要求退换", "到店：客户抱怨排队时间太长"),
        },
    },
    "en": {
        "callback": {
            "positive": ("Follow-up call: customer satisfied with the resolution.", "Follow-up call: {item} issue confirmed fixed."),
            "neutral": ("Follow-up call: progress shared with the customer.", "Follow-up call: no answer, sent a message."),
            "negative": ("Follow-up call: customer unhappy, asks for escalation.", "Follow-up call: {item} problem still not solved."),
        },
        "visit": {
            "positive": ("Store visit: customer tried the {item} and liked it.", "Store visit: customer bought a {item}."),
            "neutral": ("Store visit: customer asked about the {item}.", "Store visit: asked about membership."),
            "negative": ("Store visit: customer unhappy with the {item} quality, wants an exchange.", "Store visit: complained about the queue."),
        },
    },
}
# By interaction kind (pipelines.sources.canonical.INTERACTION_KINDS order); notes need no greeting or closing.
SERVICE_OPENERS = {
    "zh": {
        "inquiry": ("", "您好，", "你好，", "麻烦问一下，", "在吗？"),
        "complaint": ("", "", "你好，", "客服，", "我要投诉！"),
        "requirement": ("", "您好，", "你好，"),
        "callback": ("",),
        "visit": ("",),
    },
    "en": {
        "inquiry": ("", "Hi! ", "Hello! "),
        "complaint": ("", "Hi. ", "I want to complain. "),
        "requirement": ("", "Hi! "),
        "callback": ("",),
        "visit": ("",),
    },
}
SERVICE_CLOSERS = {
    "zh": {
        "inquiry": ("。", "，谢谢。", "，麻烦回复一下。"),
        "complaint": ("！", "，请尽快处理！", "，希望给个说法。", "，要求退款。", "，再不处理我就投诉到12315了。"),
        "requirement": ("，希望能尽快安排。", "，谢谢配合。", "。"),
        "callback": ("。",),
        "visit": ("。",),
    },
    "en": {
        "inquiry": ("", " Thanks.", " Please reply."),
        "complaint": ("", " Please fix this ASAP!", " I expect a refund.", " Very disappointed."),
        "requirement": (" Please arrange soon.", " Thank you.", ""),
        "callback": ("",),
        "visit": ("",),
    },
}

# --- social media: by topic and mood ---------------------------------------------------------------
SOCIAL_TOPICS = ("product_quality", "delivery", "price", "service_attitude", "other")
SOCIAL = {
    "zh": {
        "product_quality": {
            "positive": ("星禾的{item}质量真的绝了，用了一个月还跟新的一样", "做工很扎实，{item}品质在线，推荐！", "第二次回购{item}了，质量稳定👍"),
            "neutral": ("有人用过星禾的{item}吗？质量怎么样", "星禾{item}和别家的比做工差别大吗", "刚入手星禾的{item}，先用用看质量"),
            "negative": ("星禾的{item}质量也太差了吧，才用三天就坏了", "踩雷了！{item}做工粗糙，退货！", "星禾{item}质量越来越差，劝大家别买😡",
                         "{item}收到就是坏的，品控呢？"),
        },
        "delivery": {
            "positive": ("星禾物流超快，昨天下单今天就到了", "快递小哥很负责，{item}包装得很好"),
            "neutral": ("星禾双十一发货要等多久？", "星禾的快递一般用哪家", "{item}在路上了，等快递中"),
            "negative": ("星禾快递慢死了，等了一周还没到", "包装破损，{item}被压坏了，物流太差", "发货超时还不给说法，物流信息一直不更新"),
        },
        "price": {
            "positive": ("星禾这价格太香了，性价比很高", "活动价入手{item}，太划算了"),
            "neutral": ("蹲一个星禾的优惠券", "星禾{item}什么时候打折", "星禾的会员价划算吗"),
            "negative": ("星禾又涨价了？比别家贵太多", "刚买{item}就降价，不给保价，太坑了", "价格虚高，不值这个钱"),
        },
        "service_attitude": {
            "positive": ("星禾客服很耐心，售后处理得很快👍", "给星禾的客服点个赞，服务态度超好"),
            "neutral": ("星禾的客服电话是多少？", "有人知道星禾售后怎么联系吗"),
            "negative": ("星禾客服态度太差了，踢皮球，再也不买了😡", "投诉了三次没人理，星禾的服务真的太差", "售后客服一直敷衍，态度恶劣"),
        },
        "other": {
            "positive": ("星禾新开的门店好漂亮，逛了一下午", "星禾的新品发布会好有意思"),
            "neutral": ("路过星禾的门店", "星禾和另外一家比哪个好？", "星禾出新品了", "今天在星禾看了看{item}"),
            "negative": ("星禾app又崩了，什么体验", "星禾门店排队一小时，无语"),
        },
    },
    "en": {
        "product_quality": {
            "positive": ("The Xinghe {item} is excellent quality, still like new after a month", "Solid build on the Xinghe {item}, recommend"),
            "neutral": ("Anyone tried the Xinghe {item}? How is the quality?", "Just got a Xinghe {item}, will see how it holds up"),
            "negative": ("Xinghe {item} broke after three days, terrible quality", "Avoid the Xinghe {item}, cheap and defective"),
        },
        "delivery": {
            "positive": ("Xinghe delivery was super fast, ordered yesterday and it arrived today",),
            "neutral": ("How long does Xinghe shipping take to Hong Kong?", "Waiting for my Xinghe package"),
            "negative": ("Xinghe shipping is so slow, still waiting after a week", "My Xinghe package arrived damaged, awful delivery"),
        },
        "price": {
            "positive": ("Great price on the Xinghe {item}, good value", "Xinghe sale is a bargain"),
            "neutral": ("Any Xinghe discount codes?", "When is the next Xinghe sale?"),
            "negative": ("Xinghe raised prices again, too expensive", "Price dropped right after I bought, no price protection"),
        },
        "service_attitude": {
            "positive": ("Xinghe customer service sorted my issue in minutes, great support",),
            "neutral": ("How do I reach Xinghe customer service?",),
            "negative": ("Xinghe customer service is rude and useless", "Three complaints and no answer from Xinghe support"),
        },
        "other": {
            "positive": ("Loved the new Xinghe store in Shanghai", "Xinghe launch event was fun"),
            "neutral": ("Walked past the Xinghe store today", "Xinghe vs the others, which is better?"),
            "negative": ("Xinghe app keeps crashing", "Queued an hour at the Xinghe store"),
        },
    },
}
SOCIAL_TAGS = {
    "zh": ("", "", "#星禾# ", "【星禾】", "#好物分享# ", "#避雷# ", "#购物日记# "),
    "en": ("", "", "#Xinghe ", "@XingheOfficial "),
}

# --- surveys: comment by the dimension that drove the score, and mood ------------------------------
SURVEY_DIMENSIONS = ("product_quality", "service_response", "communication")
SURVEY = {
    "zh": {
        "product_quality": {
            "positive": ("产品质量很好，会推荐给朋友", "东西不错，做工精细"),
            "neutral": ("产品还可以，中规中矩", "质量一般，价格还行"),
            "negative": ("产品质量太差，不会再买了", "买到的东西有质量问题，很失望"),
        },
        "service_response": {
            "positive": ("客服响应很快，点赞", "售后处理及时"),
            "neutral": ("客服回复有点慢", "售后还行"),
            "negative": ("客服响应太慢，等了好几天", "问题一直没解决，服务太差"),
        },
        "communication": {
            "positive": ("沟通很顺畅，说明很清楚", "客服解释得很耐心"),
            "neutral": ("沟通还可以", "信息通知有时不太及时"),
            "negative": ("沟通效率低，每次都要重复说明问题", "客服答非所问，沟通很累"),
        },
    },
    "en": {
        "product_quality": {
            "positive": ("Great products, would recommend",),
            "neutral": ("Products are OK",),
            "negative": ("Poor product quality, will not buy again",),
        },
        "service_response": {
            "positive": ("Fast response from support",),
            "neutral": ("Support could be a bit quicker",),
            "negative": ("Support took days to respond", "My issue was never resolved"),
        },
        "communication": {
            "positive": ("Clear and friendly communication",),
            "neutral": ("Communication was fine",),
            "negative": ("I had to explain my problem again every time", "Communication was confusing"),
        },
    },
}


class PhraseBank:
    """Phrases grouped by a tuple of small integer codes, picked per row without a Python loop.

    ``groups`` maps ``(code_0, code_1, ...)`` to its phrases; every combination of codes within ``dims``
    must be present. ``pick`` returns one phrase per row, uniformly among the phrases of the row's group.
    """

    def __init__(self, dims: tuple[int, ...], groups: dict[tuple[int, ...], tuple[str, ...]]):
        self.dims = dims
        flat: list[str] = []
        self._start = np.zeros(int(np.prod(dims)), dtype=np.int64)
        self._count = np.zeros_like(self._start)
        for codes in product(*(range(d) for d in dims)):
            phrases = groups[codes]
            if not phrases:
                raise ValueError(f"no phrases for group {codes}")
            position = np.ravel_multi_index(codes, dims)
            self._start[position] = len(flat)
            self._count[position] = len(phrases)
            flat.extend(phrases)
        self._phrases = pl.Series(flat, dtype=pl.Utf8)

    def pick(self, rng: np.random.Generator, *codes: np.ndarray) -> pl.Series:
        group = np.ravel_multi_index(tuple(np.asarray(c, dtype=np.int64) for c in codes), self.dims)
        offset = (rng.random(group.shape[0]) * self._count[group]).astype(np.int64)
        return self._phrases.gather(self._start[group] + offset)


def nested_bank(table: dict, *levels: tuple[str, ...]) -> PhraseBank:
    """A PhraseBank over a nested dict ``table[level_0][level_1]...``, codes in the order of ``levels``."""
    groups = {}
    for codes in product(*(range(len(level)) for level in levels)):
        node = table
        for level, code in zip(levels, codes):
            node = node[level[code]]
        groups[codes] = tuple(node)
    return PhraseBank(tuple(len(level) for level in levels), groups)


_ITEMS = nested_bank({"zh": dict(enumerate(ITEMS_ZH)), "en": dict(enumerate(ITEMS_EN))}, LANGS, tuple(range(len(ITEMS_ZH))))


def fill_items(rng: np.random.Generator, phrases: pl.Series, lang: np.ndarray, category: np.ndarray) -> pl.Series:
    """Replace ``{item}`` in each phrase by something of the product category, in the phrase's language."""
    items = _ITEMS.pick(rng, lang, category)
    return pl.DataFrame({"p": phrases, "i": items}).select(
        pl.col("p").str.replace("{item}", pl.col("i"), literal=True)).to_series()
