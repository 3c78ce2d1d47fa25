"""Fixed word lists the generator draws from: names, places, companies, products.

Everything here is plain data. Weights are relative; the modules that draw normalise them.
"""

from __future__ import annotations

# Surname, pinyin. Ordered by frequency: the draw weights them by rank.
SURNAMES = (
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"),
    ("黄", "huang"), ("赵", "zhao"), ("吴", "wu"), ("周", "zhou"), ("徐", "xu"), ("孙", "sun"),
    ("马", "ma"), ("朱", "zhu"), ("胡", "hu"), ("郭", "guo"), ("何", "he"), ("林", "lin"),
    ("高", "gao"), ("罗", "luo"), ("郑", "zheng"), ("梁", "liang"), ("谢", "xie"), ("宋", "song"),
    ("唐", "tang"), ("许", "xu"), ("韩", "han"), ("冯", "feng"), ("邓", "deng"), ("曹", "cao"),
    ("彭", "peng"), ("曾", "zeng"), ("肖", "xiao"), ("田", "tian"), ("董", "dong"), ("潘", "pan"),
    ("袁", "yuan"), ("蔡", "cai"), ("蒋", "jiang"), ("余", "yu"), ("于", "yu"), ("杜", "du"),
    ("叶", "ye"), ("程", "cheng"), ("魏", "wei"), ("苏", "su"), ("吕", "lv"), ("丁", "ding"),
    ("任", "ren"), ("卢", "lu"), ("姚", "yao"), ("沈", "shen"), ("钟", "zhong"), ("姜", "jiang"),
    ("崔", "cui"), ("谭", "tan"), ("陆", "lu"), ("范", "fan"), ("汪", "wang"), ("廖", "liao"),
    ("石", "shi"), ("金", "jin"), ("韦", "wei"), ("贾", "jia"), ("夏", "xia"), ("付", "fu"),
    ("方", "fang"), ("邹", "zou"), ("熊", "xiong"), ("白", "bai"), ("孟", "meng"), ("秦", "qin"),
    ("邱", "qiu"), ("侯", "hou"), ("江", "jiang"), ("尹", "yin"), ("薛", "xue"), ("段", "duan"),
    ("雷", "lei"), ("龙", "long"), ("黎", "li"), ("史", "shi"), ("陶", "tao"), ("贺", "he"),
    ("毛", "mao"), ("郝", "hao"), ("顾", "gu"), ("龚", "gong"), ("邵", "shao"), ("万", "wan"),
    ("欧阳", "ouyang"), ("上官", "shangguan"),
)

GIVEN_MALE = (
    ("伟", "wei"), ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("勇", "yong"), ("杰", "jie"),
    ("涛", "tao"), ("斌", "bin"), ("超", "chao"), ("明", "ming"), ("刚", "gang"), ("平", "ping"),
    ("辉", "hui"), ("鹏", "peng"), ("华", "hua"), ("飞", "fei"), ("鑫", "xin"), ("波", "bo"),
    ("宇", "yu"), ("浩", "hao"), ("凯", "kai"), ("健", "jian"), ("俊", "jun"), ("帆", "fan"),
    ("旭", "xu"), ("宁", "ning"), ("龙", "long"), ("阳", "yang"), ("建", "jian"), ("国", "guo"),
    ("志", "zhi"), ("文", "wen"), ("博", "bo"), ("子", "zi"), ("轩", "xuan"), ("睿", "rui"),
    ("晨", "chen"), ("昊", "hao"), ("天", "tian"), ("泽", "ze"), ("海", "hai"), ("东", "dong"),
)

GIVEN_FEMALE = (
    ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"), ("艳", "yan"),
    ("娟", "juan"), ("霞", "xia"), ("秀", "xiu"), ("玲", "ling"), ("婷", "ting"), ("雪", "xue"),
    ("慧", "hui"), ("琳", "lin"), ("颖", "ying"), ("倩", "qian"), ("洁", "jie"), ("晶", "jing"),
    ("欣", "xin"), ("怡", "yi"), ("佳", "jia"), ("梦", "meng"), ("雨", "yu"), ("萱", "xuan"),
    ("涵", "han"), ("琪", "qi"), ("悦", "yue"), ("思", "si"), ("诗", "shi"), ("月", "yue"),
    ("兰", "lan"), ("红", "hong"), ("燕", "yan"), ("璐", "lu"), ("薇", "wei"), ("晓", "xiao"),
)

ENGLISH_FIRST = (
    "James", "John", "Robert", "Michael", "David", "William", "Richard", "Thomas", "Daniel", "Matthew",
    "Mary", "Jennifer", "Linda", "Sarah", "Emily", "Jessica", "Laura", "Anna", "Sophie", "Olivia",
    "Kevin", "Jason", "Eric", "Tony", "Alex", "Vivian", "Grace", "Cindy", "Amy", "Helen",
)
ENGLISH_LAST = (
    "Smith", "Johnson", "Brown", "Taylor", "Miller", "Wilson", "Moore", "Anderson", "Thomas", "Jackson",
    "White", "Harris", "Martin", "Clark", "Lewis", "Walker", "Hall", "Young", "King", "Wright",
    "Chan", "Wong", "Lee", "Cheung", "Ng", "Lau", "Tan", "Lim", "Ho", "Leung",
)

# City, region, code (used in store ids), weight.
CITIES = (
    ("上海", "华东", "SH", 10.0), ("北京", "华北", "BJ", 10.0), ("广州", "华南", "GZ", 8.0),
    ("深圳", "华南", "SZ", 8.0), ("杭州", "华东", "HZ", 6.0), ("成都", "西南", "CD", 6.0),
    ("重庆", "西南", "CQ", 5.0), ("武汉", "华中", "WH", 5.0), ("南京", "华东", "NJ", 5.0),
    ("西安", "西北", "XA", 4.0), ("天津", "华北", "TJ", 4.0), ("苏州", "华东", "SU", 4.0),
    ("长沙", "华中", "CS", 3.5), ("郑州", "华中", "ZZ", 3.5), ("青岛", "华东", "QD", 3.0),
    ("合肥", "华东", "HF", 2.5), ("济南", "华东", "JN", 2.5), ("宁波", "华东", "NB", 2.5),
    ("东莞", "华南", "DG", 2.5), ("沈阳", "东北", "SY", 2.5), ("佛山", "华南", "FS", 2.0),
    ("厦门", "华东", "XM", 2.0), ("福州", "华东", "FZ", 2.0), ("大连", "东北", "DL", 2.0),
    ("哈尔滨", "东北", "HB", 2.0), ("昆明", "西南", "KM", 2.0), ("南昌", "华东", "NC", 1.5),
    ("长春", "东北", "CC", 1.5), ("石家庄", "华北", "SJ", 1.5), ("南宁", "华南", "NN", 1.5),
    ("贵阳", "西南", "GY", 1.2), ("太原", "华北", "TY", 1.2), ("兰州", "西北", "LZ", 1.0),
    ("海口", "华南", "HK", 0.8), ("乌鲁木齐", "西北", "UR", 0.8),
)

INDUSTRIES = (
    ("互联网", 14), ("制造业", 12), ("金融", 9), ("教育", 7), ("医疗健康", 6), ("零售", 8), ("餐饮", 5),
    ("物流", 4), ("房地产", 4), ("政府/事业单位", 5), ("专业服务", 6), ("能源", 2), ("传媒", 3),
    ("学生", 6), ("自由职业", 5),
)
# Industries whose people usually leave the company empty.
NO_COMPANY_INDUSTRIES = ("学生", "自由职业")

COMPANY_WORDS = (
    "华鼎", "恒通", "博远", "盛达", "鑫源", "中科", "天成", "云海", "嘉禾", "瑞丰", "启明", "汇智",
    "金桥", "新锐", "宏图", "东方", "星河", "远景", "凯盛", "拓维", "锦程", "德信", "润泽", "优品",
)
COMPANY_TRADES = (
    "科技", "信息技术", "贸易", "实业", "文化传媒", "咨询", "医疗器械", "教育科技", "餐饮管理", "物流",
    "电子", "建设", "网络科技", "生物科技",
)
COMPANY_SUFFIXES = ("有限公司", "有限公司", "股份有限公司", "集团有限公司")
ENGLISH_COMPANIES = (
    "Acme Trading (Shanghai) Co., Ltd.", "Northwind Consulting", "Blue Harbour Logistics",
    "Sino-Euro Partners", "Brightpath Education", "Redwood Capital Asia", "Lotus Design Studio",
)

EMAIL_DOMAINS = (
    ("qq.com", 30), ("163.com", 20), ("126.com", 8), ("gmail.com", 8), ("outlook.com", 6),
    ("sina.com", 5), ("foxmail.com", 5), ("hotmail.com", 3), ("139.com", 3), ("yahoo.com", 2),
)
MOBILE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155",
    "156", "157", "158", "159", "166", "176", "177", "178", "180", "181", "182", "183", "185", "186",
    "187", "188", "189", "198", "199",
)

# Product categories: code for product ids, relative order value, share of lines.
CATEGORIES = (
    ("electronics", "EL", 2.6, 14), ("apparel", "AP", 0.9, 20), ("beauty", "BE", 1.0, 16),
    ("home", "HO", 1.1, 14), ("food", "FO", 0.45, 14), ("baby", "BA", 0.9, 8),
    ("sports", "SP", 1.2, 8), ("books", "BK", 0.35, 6),
)
PRODUCTS_PER_CATEGORY = 400

# Things a customer talks about, per product category, so texts name what was bought.
ITEMS_ZH = (
    ("耳机", "手机", "充电宝", "蓝牙音箱", "平板"),
    ("外套", "连衣裙", "T恤", "牛仔裤", "羽绒服"),
    ("面霜", "口红", "精华液", "面膜", "防晒霜"),
    ("四件套", "收纳盒", "台灯", "保温杯", "空气炸锅"),
    ("坚果礼盒", "咖啡豆", "茶叶", "零食大礼包", "牛奶"),
    ("奶粉", "纸尿裤", "婴儿推车", "儿童玩具", "奶瓶"),
    ("瑜伽垫", "跑鞋", "哑铃", "运动手环", "登山包"),
    ("绘本", "小说", "教材", "字帖", "杂志"),
)
ITEMS_EN = (
    ("smartwatch", "phone", "power bank", "speaker", "tablet"),
    ("jacket", "dress", "T-shirt", "sweater", "down coat"),
    ("face cream", "lipstick", "serum", "face mask", "sunscreen"),
    ("bedding set", "storage box", "desk lamp", "thermos", "air fryer"),
    ("nut gift box", "bag of coffee beans", "tea set", "snack box", "milk crate"),
    ("formula tin", "diaper pack", "stroller", "toy", "baby bottle"),
    ("yoga mat", "pair of running shoes", "dumbbell set", "fitness band", "backpack"),
    ("picture book", "novel", "textbook", "copybook", "magazine"),
)

# Service desk departments; complaints are routed by category (ROUTING), visits go to the stores.
DEPARTMENTS = ("customer_service", "quality_control", "logistics", "sales", "finance", "it_support", "store_ops")
# Department a ticket of each interaction category is routed to.
ROUTING = {
    "product_quality": "quality_control",
    "delivery": "logistics",
    "price": "sales",
    "service_attitude": "customer_service",
    "billing": "finance",
    "account": "it_support",
    "other": "customer_service",
}
AGENTS_PER_DEPARTMENT = 24

# Chinese New Year (first day) per year: orders dip around it.
CHINESE_NEW_YEAR = (
    "2015-02-19", "2016-02-08", "2017-01-28", "2018-02-16", "2019-02-05", "2020-01-25", "2021-02-12",
    "2022-02-01", "2023-01-22", "2024-02-10", "2025-01-29", "2026-02-17", "2027-02-06", "2028-01-26",
    "2029-02-13", "2030-02-03", "2031-01-23", "2032-02-11", "2033-01-31", "2034-02-19", "2035-02-08",
)

# Words for anonymous social media nicknames.
NICK_ADJECTIVES = ("爱吃辣的", "不睡觉的", "快乐的", "佛系", "认真的", "迷糊的", "元气", "安静的", "暴躁", "小小")
NICK_NOUNS = ("小王", "猫咪", "打工人", "宝妈", "吃货", "程序员", "学生党", "旅行家", "柠檬", "小熊")
