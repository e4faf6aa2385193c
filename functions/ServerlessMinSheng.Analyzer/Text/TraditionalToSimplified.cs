namespace ServerlessMinSheng.Analyzer.Text;

/// <summary>
/// Maps common traditional characters to simplified ones. Residents who type on phones set
/// to Hong Kong or Taiwan input produce traditional or mixed text; the classifier was trained
/// on simplified text, so without this mapping 問題 and 问题 would be different features.
/// The table covers the few hundred characters that occur in requests; it is deliberately a
/// character table, not a phrase converter, because one-to-many cases (乾/干, 著/着) are rare
/// in this domain and are left alone rather than guessed.
/// </summary>
internal static class TraditionalToSimplified
{
    // Pairs: traditional character followed by its simplified form.
    private const string Pairs =
        "這这個个們们來来時时國国會会說说對对現现問问題题還还與与麼么為为過过後后開开關关" +
        "發发經经長长門门東东車车書书學学業业區区縣县鄉乡鎮镇樓楼層层號号單单樣样點点電电" +
        "話话機机線线網网絡络資资訊讯費费貴贵買买賣卖價价錢钱銀银醫医療疗藥药衛卫護护險险" +
        "養养兒儿錯错壞坏亂乱髒脏聲声響响環环處处辦办歡欢謝谢請请讓让給给從从無无歲岁際际" +
        "陽阳陰阴雙双難难應应該该認认識识讀读寫写課课師师園园場场廠厂產产務务員员職职勞劳" +
        "動动補补貼贴證证據据權权燈灯橋桥鐵铁運运輸输駕驾駛驶違违規规廣广擾扰鄰邻廁厕飯饭" +
        "館馆鮮鲜魚鱼雞鸡貓猫傷伤殘残幫帮熱热氣气燒烧煙烟塵尘綠绿華华豐丰滿满漢汉語语議议" +
        "論论討讨設设計计劃划築筑建建葉叶農农糧粮衝冲復复獲获療疗邊边遠远連连進进達达遲迟" +
        "選选遞递遺遗邏逻鄭郑麗丽龍龙齊齐齒齿龜龟黨党點点齡龄鬥斗鬧闹髮发體体驗验騙骗驅驱" +
        "馬马駐驻騷骚驚惊飛飞風风顏颜願愿類类顧顾頭头頁页預预領领頓顿須须順顺項项韓韩靜静" +
        "電电霧雾離离難难隊队陸陆陳陈際际隨随隱隐雜杂雖虽雲云閱阅闆板閒闲間间閉闭鍋锅鍵键" +
        "鎖锁鐘钟鋼钢錄录鋪铺銷销鄧邓遷迁適适遊游過过週周將将專专尋寻導导對对幣币師师帶带" +
        "幾几庫库廢废廚厨彈弹歸归當当復复徵征憂忧懷怀態态慣惯惡恶愛爱戶户擔担據据擇择擊击" +
        "擁拥據据損损換换揮挥採采掃扫掛挂撥拨擬拟擴扩攤摊敵敌數数斷断舊旧時时晉晋曉晓書书" +
        "會会條条來来東东極极構构標标樣样樹树檢检權权歷历歲岁毀毁氣气決决沒没況况淚泪淨净" +
        "減减測测渾浑湯汤溝沟滅灭滬沪漲涨潔洁潛潜澤泽濟济灣湾災灾為为烏乌煩烦煤煤營营爐炉" +
        "爭争爺爷牆墙獨独獎奖現现環环產产畝亩畫画異异當当疊叠瘡疮療疗發发盜盗監监盤盘眾众" +
        "睜睁碼码確确礎础禮礼禍祸禦御種种稅税穩稳窮穷竊窃競竞筆笔節节範范簡简籃篮籌筹糾纠" +
        "紀纪約约紅红級级納纳紙纸紛纷細细終终組组結结絕绝統统絲丝經经綜综緊紧維维網网緒绪" +
        "練练線线緣缘縮缩總总績绩繁繁織织繳缴續续罰罚罵骂聯联聞闻聲声聽听肅肃腦脑腳脚臨临" +
        "與与興兴舉举艱艰藝艺節节蘇苏蘭兰處处號号蟲虫術术衛卫補补裝装製制複复襲袭規规視视" +
        "親亲覺觉觀观計计訂订訊讯託托記记訪访設设許许診诊詢询試试詳详該该認认誤误說说誰谁" +
        "課课調调談谈請请諮咨諾诺謀谋講讲證证識识議议護护讀读變变讓让豬猪貝贝負负財财貨货" +
        "責责貧贫購购賠赔賬账質质趕赶趙赵跡迹踐践蹤踪車车軌轨軍军軟软載载輕轻輛辆輪轮轉转" +
        "辭辞農农邊边郵邮鄉乡醫医釋释針针鈔钞銜衔錦锦鍊炼鏈链鑰钥長长門门閃闪開开閑闲關关" +
        "陣阵險险隻只雞鸡韋韦頂顶項项順顺預预頻频額额題题顯显飄飘飲饮飼饲餘余館馆驗验髒脏" +
        "鬱郁魯鲁鳥鸟鹽盐麥麦黃黄齋斋傳传債债傾倾償偿優优儲储兇凶剛刚劉刘則则創创劍剑勁劲" +
        "務务勢势勵励匯汇協协卻却厭厌參参叢丛吳吴員员噸吨嚴严園园圍围圖图團团堅坚報报場场" +
        "塊块塗涂壓压壘垒壩坝夠够夢梦奪夺奮奋婦妇媽妈孫孙寧宁實实審审寶宝尋寻層层屬属岡冈" +
        "島岛峽峡嶺岭幹干廳厅彎弯徑径從从殺杀氣气漁渔燦灿犧牺狀状獅狮璽玺瓊琼畢毕療疗癢痒" +
        "盡尽碩硕礙碍禪禅稱称穀谷窩窝筍笋糧粮緩缓縣县繩绳罷罢聖圣膚肤臟脏蓋盖薦荐蘋苹虧亏" +
        "衆众襯衬誌志貓猫賓宾賴赖贊赞趨趋跤跤躍跃軸轴輯辑醜丑鐘钟閥阀闊阔隸隶雙双霸霸靈灵" +
        "韻韵飽饱駁驳鬆松麵面齣出";

    private static readonly Dictionary<char, char> Map = Build();

    // Every character is normalised on every request; a flat 64K table (128 KiB) is a single
    // array read instead of a hash lookup.
    private static readonly char[] Flat = BuildFlat();

    public static char Convert(char c) => Flat[c];

    internal static IReadOnlyDictionary<char, char> Table => Map;

    private static char[] BuildFlat()
    {
        var flat = new char[char.MaxValue + 1];
        for (var i = 0; i < flat.Length; i++)
        {
            flat[i] = (char)i;
        }

        foreach (var (traditional, simplified) in Map)
        {
            flat[traditional] = simplified;
        }

        return flat;
    }

    private static Dictionary<char, char> Build()
    {
        var map = new Dictionary<char, char>(Pairs.Length / 2);
        for (var i = 0; i + 1 < Pairs.Length; i += 2)
        {
            // Identity pairs (a character already simplified) are harmless spacers in the list.
            if (Pairs[i] != Pairs[i + 1])
            {
                map.TryAdd(Pairs[i], Pairs[i + 1]);
            }
        }

        return map;
    }
}
