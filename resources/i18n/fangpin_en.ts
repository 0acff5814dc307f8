<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AcknowledgeField</name>
    <message>
        <location filename="../../app/ui/form_view/fields.py" line="405"/>
        <source>确认</source>
        <translation>Confirm</translation>
    </message>
</context>
<context>
    <name>AssignDialog</name>
    <message>
        <location filename="../../app/ui/pages/household/assistance_tab.py" line="34"/>
        <source>分配帮扶责任人</source>
        <translation>Assign assistance officer</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/assistance_tab.py" line="40"/>
        <source>（已满）</source>
        <translation> (full)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/assistance_tab.py" line="43"/>
        <source>帮扶责任人</source>
        <translation>Assistance officer</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/assistance_tab.py" line="45"/>
        <source>如：新识别监测对象、原责任人工作调动</source>
        <translation>e.g. newly identified monitored household, previous officer transferred</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/assistance_tab.py" line="46"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/assistance_tab.py" line="52"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/assistance_tab.py" line="53"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/assistance_tab.py" line="61"/>
        <source>还没有登记帮扶责任人，请先在“帮扶责任人”页登记。</source>
        <translation>No assistance officers registered yet. Register them on the “Assistance officers” page first.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/assistance_tab.py" line="64"/>
        <source>请填写原因。</source>
        <translation>Please enter a reason.</translation>
    </message>
</context>
<context>
    <name>AssistancePage</name>
    <message>
        <location filename="../../app/ui/pages/assistance.py" line="24"/>
        <source>帮扶责任人</source>
        <translation>Assistance officers</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/assistance.py" line="26"/>
        <location filename="../../app/ui/pages/assistance.py" line="96"/>
        <source>登记帮扶责任人</source>
        <translation>Register assistance officer</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/assistance.py" line="27"/>
        <source>修改</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/assistance.py" line="28"/>
        <source>转移全部帮扶户…</source>
        <translation>Hand over all households…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/assistance.py" line="30"/>
        <source>所帮扶的农户（双击打开）</source>
        <translation>Assisted households (double-click to open)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/assistance.py" line="44"/>
        <source>超过上限</source>
        <translation>Over limit</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/assistance.py" line="44"/>
        <source>已停止帮扶</source>
        <translation>No longer assisting</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/assistance.py" line="46"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/assistance.py" line="46"/>
        <source>单位</source>
        <translation>Organization</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/assistance.py" line="46"/>
        <source>职务</source>
        <translation>Position</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/assistance.py" line="46"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/assistance.py" line="47"/>
        <source>帮扶户数/上限</source>
        <translation>Households / limit</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/assistance.py" line="47"/>
        <source>提示</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/assistance.py" line="57"/>
        <source>村</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/assistance.py" line="57"/>
        <source>户主</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/assistance.py" line="57"/>
        <source>人口</source>
        <translation>Members</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/assistance.py" line="57"/>
        <source>帮扶开始</source>
        <translation>Assistance start</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/assistance.py" line="58"/>
        <source>监测类别</source>
        <translation>Monitoring category</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/assistance.py" line="75"/>
        <source>没有其他在职的帮扶责任人可以接手。</source>
        <translation>There is no other active assistance officer to take over.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/assistance.py" line="78"/>
        <location filename="../../app/ui/pages/assistance.py" line="83"/>
        <source>转移帮扶户</source>
        <translation>Hand over households</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/assistance.py" line="79"/>
        <source>{name}帮扶的 {n} 户转给：</source>
        <translation>Give the {n} households {name} helps to:</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/assistance.py" line="83"/>
        <source>原因（如：工作调动、退休）：</source>
        <translation>Reason (e.g. transferred, retired):</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/assistance.py" line="93"/>
        <source>已转移，原帮扶记录保留在各户的帮扶责任人历史中。</source>
        <translation>Handed over; the old assignments stay in each household&apos;s history.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/assistance.py" line="107"/>
        <source>修改帮扶责任人</source>
        <translation>Edit assistance officer</translation>
    </message>
</context>
<context>
    <name>AssistanceTab</name>
    <message>
        <location filename="../../app/ui/pages/household/assistance_tab.py" line="90"/>
        <source>分配或更换帮扶责任人</source>
        <translation>Assign or change assistance officer</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/assistance_tab.py" line="92"/>
        <location filename="../../app/ui/pages/household/assistance_tab.py" line="125"/>
        <source>结束帮扶</source>
        <translation>End assistance</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/assistance_tab.py" line="104"/>
        <source>现任帮扶责任人：</source>
        <translation>Current assistance officer:</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/assistance_tab.py" line="105"/>
        <source>目前没有帮扶责任人。</source>
        <translation>No assistance officer at present.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/assistance_tab.py" line="106"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/assistance_tab.py" line="106"/>
        <source>单位</source>
        <translation>Organization</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/assistance_tab.py" line="106"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/assistance_tab.py" line="106"/>
        <source>开始</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/assistance_tab.py" line="107"/>
        <source>结束</source>
        <translation>End</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/assistance_tab.py" line="107"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/assistance_tab.py" line="109"/>
        <source>至今</source>
        <translation>Present</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/assistance_tab.py" line="125"/>
        <source>结束原因：</source>
        <translation>Reason for ending:</translation>
    </message>
</context>
<context>
    <name>Backup</name>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="44"/>
        <source>数据库密码</source>
        <translation>Database password</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="319"/>
        <source>这个备份属于设备“{name}”，不是本机的备份，不能用它替换本机数据库。请在命令行用 fangpin restore 恢复为一个新文件。</source>
        <translation>This backup belongs to device &quot;{name}&quot;, not to this computer, so it cannot replace this database. Use fangpin restore on the command line to restore it as a new file.</translation>
    </message>
</context>
<context>
    <name>BackupActions</name>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="279"/>
        <source>备份…</source>
        <translation>Back up…</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="281"/>
        <source>从备份恢复…</source>
        <translation>Restore from backup…</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="298"/>
        <source>从未备份，请备份（文件 → 备份）</source>
        <translation>Never backed up: please back up (File → Back up)</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="299"/>
        <source>已 {days} 天未备份，请备份（文件 → 备份）</source>
        <translation>Not backed up for {days} days: please back up (File → Back up)</translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="74"/>
        <source>备份数据库</source>
        <translation>Back up the database</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="77"/>
        <source>备份是数据库的完整副本，仍然加密，只有本机的密码（或乡镇工作站的恢复密钥）能打开。请存到 U 盘或另一块硬盘上，不要只放在这台电脑里。</source>
        <translation>A backup is a complete, still encrypted copy of the database; only this computer&apos;s password (or the township station&apos;s recovery key) opens it. Keep it on a USB stick or another disk, not only on this computer.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="82"/>
        <source>上次备份</source>
        <translation>Last backup</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="82"/>
        <source>从未备份</source>
        <translation>Never backed up</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="84"/>
        <source>防贫网格通备份-{day}{suffix}</source>
        <translation>fangpin-backup-{day}{suffix}</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="86"/>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="88"/>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="103"/>
        <source>备份到</source>
        <translation>Back up to</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="90"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="94"/>
        <source>开始备份</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="95"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="104"/>
        <source>防贫网格通备份 (*{suffix})</source>
        <translation>Fangpin Field backup (*{suffix})</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="116"/>
        <source>请选择备份文件的位置。</source>
        <translation>Please choose where to save the backup.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="119"/>
        <source>请输入数据库密码。</source>
        <translation>Please enter the database password.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="123"/>
        <source>正在备份……程序可以照常使用。</source>
        <translation>Backing up… you can keep working.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="130"/>
        <source>已备份到 {path}（{households} 户）。</source>
        <translation>Backed up to {path} ({households} households).</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="136"/>
        <source>密码不对，请重新输入。</source>
        <translation>Wrong password, please try again.</translation>
    </message>
</context>
<context>
    <name>BasicTab</name>
    <message>
        <location filename="../../app/ui/pages/household/basic_tab.py" line="50"/>
        <source>农户基本情况</source>
        <translation>Household details</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/basic_tab.py" line="62"/>
        <location filename="../../app/ui/pages/household/basic_tab.py" line="115"/>
        <source>修改农户信息</source>
        <translation>Edit household</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/basic_tab.py" line="64"/>
        <source>作废此户…</source>
        <translation>Void this household…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/basic_tab.py" line="65"/>
        <source>重复录入或录入错误的农户：作废并注明原因</source>
        <translation>A household entered twice or by mistake: void it and say why</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/basic_tab.py" line="73"/>
        <source>家庭成员</source>
        <translation>Family members</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/basic_tab.py" line="81"/>
        <source>添加成员</source>
        <translation>Add member</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/basic_tab.py" line="82"/>
        <source>修改成员</source>
        <translation>Edit member</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/basic_tab.py" line="83"/>
        <source>移出成员…</source>
        <translation>Remove member…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/basic_tab.py" line="84"/>
        <source>去世、迁出、重复录入等：注明原因后作废这名成员</source>
        <translation>Died, moved out, entered twice…: void this member with the reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/basic_tab.py" line="99"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/basic_tab.py" line="99"/>
        <source>与户主关系</source>
        <translation>Relationship to head</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/basic_tab.py" line="99"/>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/basic_tab.py" line="99"/>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/basic_tab.py" line="100"/>
        <source>出生日期</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/basic_tab.py" line="100"/>
        <source>健康状况</source>
        <translation>Health</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/basic_tab.py" line="100"/>
        <source>劳动技能</source>
        <translation>Work skills</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/basic_tab.py" line="100"/>
        <source>务工/在校</source>
        <translation>Work/School</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/basic_tab.py" line="146"/>
        <source>移出成员</source>
        <translation>Remove member</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/basic_tab.py" line="155"/>
        <source>作废农户</source>
        <translation>Void household</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/basic_tab.py" line="155"/>
        <source>{name}户</source>
        <translation>Household of {name}</translation>
    </message>
</context>
<context>
    <name>CaseTab</name>
    <message>
        <location filename="../../app/ui/pages/household/case_tab.py" line="42"/>
        <source>监测情况</source>
        <translation>Monitoring status</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/case_tab.py" line="46"/>
        <source>监测对象类别</source>
        <translation>Monitoring category</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/case_tab.py" line="46"/>
        <source>风险类型</source>
        <translation>Risk type</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/case_tab.py" line="47"/>
        <location filename="../../app/ui/pages/household/case_tab.py" line="97"/>
        <source>程序</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/case_tab.py" line="47"/>
        <source>当前阶段</source>
        <translation>Current stage</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/case_tab.py" line="48"/>
        <source>发现方式</source>
        <translation>How identified</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/case_tab.py" line="48"/>
        <source>类别依据</source>
        <translation>Category basis</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/case_tab.py" line="49"/>
        <source>关键日期</source>
        <translation>Key dates</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/case_tab.py" line="55"/>
        <source>申报监测对象</source>
        <translation>Propose monitored household</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/case_tab.py" line="57"/>
        <source>申请风险消除</source>
        <translation>Apply for risk elimination</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/case_tab.py" line="58"/>
        <source>更正上一步…</source>
        <translation>Correct the last step…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/case_tab.py" line="59"/>
        <source>上一步的日期或记录有误：办理一个新的“更正”步骤，原步骤保留</source>
        <translation>The last step&apos;s date or record is wrong: record a new “correction” step; the original step is kept</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/case_tab.py" line="71"/>
        <source>办理过程</source>
        <translation>Processing history</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/case_tab.py" line="78"/>
        <source>风险消除的四项条件</source>
        <translation>Four conditions for risk elimination</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/case_tab.py" line="97"/>
        <source>环节</source>
        <translation>Step</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/case_tab.py" line="97"/>
        <source>意见</source>
        <translation>Decision</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/case_tab.py" line="97"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/case_tab.py" line="98"/>
        <source>办理人</source>
        <translation>Handled by</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/case_tab.py" line="98"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/case_tab.py" line="98"/>
        <source>说明</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/case_tab.py" line="110"/>
        <source>风险消除已经县级审定，请在村里公告结果并办理“结果公告”。</source>
        <translation>The county has approved the risk elimination: announce the result in the village and record the result announcement.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/case_tab.py" line="112"/>
        <source>本户不是监测对象，也没有正在办理的申报。</source>
        <translation>This household is not a monitored household and has no proposal in progress.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/case_tab.py" line="119"/>
        <source>；先帮后认：已先行帮扶，各步骤照常办理</source>
        <translation>; fast track (help first, identify after): assistance already under way, every step still taken</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/case_tab.py" line="123"/>
        <source>申报 {d}</source>
        <translation>Proposed {d}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/case_tab.py" line="125"/>
        <source>公示 {a} 至 {b}</source>
        <translation>Public posting {a} to {b}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/case_tab.py" line="128"/>
        <source>纳入监测 {d}</source>
        <translation>Monitored since {d}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/case_tab.py" line="109"/>
        <location filename="../../app/ui/pages/household/case_tab.py" line="136"/>
        <source>办理：{step}</source>
        <translation>Process step: {step}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/case_tab.py" line="141"/>
        <source>下一步“{step}”由{role}办理。</source>
        <translation>Next step “{step}” is handled by {role}.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/case_tab.py" line="157"/>
        <source>四项条件未全部满足，暂不能申请。</source>
        <translation>Not all four conditions are met, so you cannot apply yet.</translation>
    </message>
</context>
<context>
    <name>CasesPage</name>
    <message>
        <location filename="../../app/ui/pages/cases.py" line="35"/>
        <source>监测对象</source>
        <translation>Monitored households</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/cases.py" line="41"/>
        <location filename="../../app/ui/pages/cases.py" line="134"/>
        <source>办理下一步</source>
        <translation>Take next step</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/cases.py" line="42"/>
        <source>打开农户</source>
        <translation>Open household</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/cases.py" line="54"/>
        <source>全部（{n}）</source>
        <translation>All ({n})</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/cases.py" line="57"/>
        <source>待本级办理（{n}）</source>
        <translation>Waiting for this level ({n})</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/cases.py" line="87"/>
        <source>村</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/cases.py" line="87"/>
        <source>户主</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/cases.py" line="87"/>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/cases.py" line="87"/>
        <source>风险类型</source>
        <translation>Risk type</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/cases.py" line="87"/>
        <source>程序</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/cases.py" line="88"/>
        <source>阶段</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/cases.py" line="88"/>
        <source>阶段开始</source>
        <translation>Stage since</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/cases.py" line="88"/>
        <source>风险状态</source>
        <translation>Risk status</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/cases.py" line="88"/>
        <source>公示</source>
        <translation>Posting</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/cases.py" line="118"/>
        <source>公示中，{end} 期满</source>
        <translation>Posted, ends {end}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/cases.py" line="119"/>
        <source>已期满（{end}）</source>
        <translation>Ended ({end})</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/cases.py" line="133"/>
        <source>办理：{step}</source>
        <translation>Take step: {step}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/cases.py" line="140"/>
        <source>下一步“{step}”由{role}办理。</source>
        <translation>The next step, &quot;{step}&quot;, is taken by the {role}.</translation>
    </message>
</context>
<context>
    <name>ClaimsTab</name>
    <message>
        <location filename="../../app/ui/pages/household/claims_tab.py" line="39"/>
        <source>登记申请…</source>
        <translation>Record application…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/claims_tab.py" line="40"/>
        <source>批准…</source>
        <translation>Approve…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/claims_tab.py" line="41"/>
        <source>未获批…</source>
        <translation>Not approved…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/claims_tab.py" line="42"/>
        <source>登记支付…</source>
        <translation>Record payment…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/claims_tab.py" line="54"/>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/claims_tab.py" line="54"/>
        <source>保险机构或救助基金</source>
        <translation>Insurer or relief fund</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/claims_tab.py" line="54"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/claims_tab.py" line="54"/>
        <source>申请日期</source>
        <translation>Applied on</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/claims_tab.py" line="55"/>
        <source>申请金额（元）</source>
        <translation>Amount applied (yuan)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/claims_tab.py" line="55"/>
        <source>审批日期</source>
        <translation>Decided on</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/claims_tab.py" line="55"/>
        <source>批准金额（元）</source>
        <translation>Amount approved (yuan)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/claims_tab.py" line="56"/>
        <source>支付日期</source>
        <translation>Paid on</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/claims_tab.py" line="56"/>
        <source>支付金额（元）</source>
        <translation>Amount paid (yuan)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/claims_tab.py" line="56"/>
        <source>登记人</source>
        <translation>Recorded by</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/claims_tab.py" line="56"/>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/claims_tab.py" line="63"/>
        <source>登记防贫保险/救助申请</source>
        <translation>Record an anti-poverty insurance / relief application</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/claims_tab.py" line="70"/>
        <source>登记批准</source>
        <translation>Record approval</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/claims_tab.py" line="74"/>
        <source>登记未获批</source>
        <translation>Record refusal</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/claims_tab.py" line="78"/>
        <source>登记支付</source>
        <translation>Record payment</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/claims_tab.py" line="85"/>
        <source>请先在表中选中一条理赔记录。</source>
        <translation>Select a claim in the table first.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/claims_tab.py" line="88"/>
        <source>只有“{wanted}”的理赔可以办理这一步，这条是“{status}”。</source>
        <translation>Only a claim that is “{wanted}” can take this step; this one is “{status}”.</translation>
    </message>
</context>
<context>
    <name>CorrectVisitDialog</name>
    <message>
        <location filename="../../app/ui/dialogs/correct_visit_dialog.py" line="29"/>
        <source>更正走访记录（{date}，{visitor}）</source>
        <translation>Correct visit ({date}, {visitor})</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/correct_visit_dialog.py" line="32"/>
        <source>原走访记录会保留并标为“已更正”；保存后按更正后的内容更新农户信息。</source>
        <translation>The original visit is kept and marked “corrected”; saving updates the household from the corrected answers.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/correct_visit_dialog.py" line="42"/>
        <source>如：工资收入填错，应为 2000 元</source>
        <translation>e.g. wage income was wrong, should be 2000 yuan</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/correct_visit_dialog.py" line="43"/>
        <source>更正原因</source>
        <translation>Reason for correction</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/correct_visit_dialog.py" line="53"/>
        <source>保存更正</source>
        <translation>Save correction</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/correct_visit_dialog.py" line="54"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <location filename="../../app/ui/crash.py" line="52"/>
        <source>无法完成</source>
        <translation>Cannot complete</translation>
    </message>
    <message>
        <location filename="../../app/ui/crash.py" line="64"/>
        <source>程序出错了</source>
        <translation>Something went wrong</translation>
    </message>
    <message>
        <location filename="../../app/ui/crash.py" line="65"/>
        <source>程序遇到了意外错误。已录入的数据已经保存，正在填写的走访已存为草稿。
请把日志文件发给技术支持：
{path}</source>
        <translation>The program hit an unexpected error. Data already entered has been saved, and the visit you were filling in was saved as a draft.
Please send the log file to technical support:
{path}</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <location filename="../../app/ui/form_view/fields.py" line="199"/>
        <source>时:分</source>
        <translation>hh:mm</translation>
    </message>
</context>
<context>
    <name>DateInput</name>
    <message>
        <location filename="../../app/ui/date_input.py" line="103"/>
        <source>如 20261205</source>
        <translation>e.g. 20261205</translation>
    </message>
    <message>
        <location filename="../../app/ui/date_input.py" line="106"/>
        <source>可输入 20261205、2026-12-05、2026.12.5、2026/12/5 或 2026年12月5日</source>
        <translation>Type 20261205, 2026-12-05, 2026.12.5, 2026/12/5 or 2026年12月5日</translation>
    </message>
    <message>
        <location filename="../../app/ui/date_input.py" line="114"/>
        <source>从日历中选择（Alt+↓）</source>
        <translation>Pick from the calendar (Alt+↓)</translation>
    </message>
    <message>
        <location filename="../../app/ui/date_input.py" line="115"/>
        <source>打开日历</source>
        <translation>Open the calendar</translation>
    </message>
    <message>
        <location filename="../../app/ui/date_input.py" line="233"/>
        <source>请填写日期。</source>
        <translation>Please enter a date.</translation>
    </message>
    <message>
        <location filename="../../app/ui/date_input.py" line="254"/>
        <source>请输入完整日期，如 20261205</source>
        <translation>Enter a whole date, e.g. 20261205</translation>
    </message>
</context>
<context>
    <name>DeptImportDialog</name>
    <message>
        <location filename="../../app/ui/dialogs/dept_import_dialog.py" line="36"/>
        <source>导入部门数据</source>
        <translation>Import department data</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/dept_import_dialog.py" line="43"/>
        <source>不填则用程序自带的模板</source>
        <translation>Leave empty to use the built-in template</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/dept_import_dialog.py" line="45"/>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/dept_import_dialog.py" line="46"/>
        <source>名单文件</source>
        <translation>List file</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/dept_import_dialog.py" line="47"/>
        <source>列名模板</source>
        <translation>Column template</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/dept_import_dialog.py" line="53"/>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/dept_import_dialog.py" line="68"/>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/dept_import_dialog.py" line="74"/>
        <source>选择部门名单</source>
        <translation>Choose the department list</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/dept_import_dialog.py" line="75"/>
        <source>Excel 表格 (*.xlsx *.xlsm *.xls *.ods)</source>
        <translation>Excel spreadsheets (*.xlsx *.xlsm *.xls *.ods)</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/dept_import_dialog.py" line="80"/>
        <source>选择模板</source>
        <translation>Choose template</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/dept_import_dialog.py" line="80"/>
        <source>模板 (*.json)</source>
        <translation>Templates (*.json)</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/dept_import_dialog.py" line="87"/>
        <source>请选择部门名单文件。</source>
        <translation>Please choose the department list file.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/dept_import_dialog.py" line="96"/>
        <source>正在导入部门数据……</source>
        <translation>Importing department data…</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/dept_import_dialog.py" line="103"/>
        <source>{source}部门名单（{day}）：更新 {updated} 人，未变化 {unchanged} 人，未匹配 {unmatched} 人，有误 {refused} 行；涉及 {households} 户，新预警 {warnings} 条。</source>
        <translation>{source} list ({day}): {updated} people updated, {unchanged} unchanged, {unmatched} not found, {refused} rows with errors; {households} households, {warnings} new warnings.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/dept_import_dialog.py" line="109"/>
        <source>待核实：</source>
        <translation>To check:</translation>
    </message>
</context>
<context>
    <name>DraftsPanel</name>
    <message>
        <location filename="../../app/ui/pages/visits_drafts.py" line="44"/>
        <source>继续填写</source>
        <translation>Continue</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits_drafts.py" line="47"/>
        <source>放弃草稿</source>
        <translation>Discard draft</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits_drafts.py" line="54"/>
        <source>村</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits_drafts.py" line="54"/>
        <source>户主</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits_drafts.py" line="54"/>
        <source>走访日期</source>
        <translation>Visit date</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits_drafts.py" line="54"/>
        <source>最后修改</source>
        <translation>Last changed</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits_drafts.py" line="55"/>
        <source>未填</source>
        <translation>Not yet entered</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits_drafts.py" line="59"/>
        <source>未完成的走访草稿（{n} 份）</source>
        <translation>Unfinished visit drafts ({n})</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits_drafts.py" line="60"/>
        <source>没有未完成的走访草稿</source>
        <translation>No unfinished visit drafts</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits_drafts.py" line="82"/>
        <source>放弃{head}户的走访草稿？已填写的内容将被删除。</source>
        <translation>Discard the visit draft for {head}&apos;s household? What was entered will be deleted.</translation>
    </message>
</context>
<context>
    <name>EliminationDialog</name>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="242"/>
        <source>申请风险消除</source>
        <translation>Apply for risk elimination</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="246"/>
        <source>消除方式</source>
        <translation>Elimination method</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="249"/>
        <source>说明</source>
        <translation>Notes</translation>
    </message>
</context>
<context>
    <name>ExcelImportWizard</name>
    <message>
        <location filename="../../app/ui/excel_import.py" line="193"/>
        <source>从 Excel 导入</source>
        <translation>Import from Excel</translation>
    </message>
    <message>
        <location filename="../../app/ui/excel_import.py" line="201"/>
        <source>正式导入</source>
        <translation>Import now</translation>
    </message>
    <message>
        <location filename="../../app/ui/excel_import.py" line="208"/>
        <source>将新增 {added} 户、更新 {updated} 户、未变 {unchanged} 户、拒绝 {refused} 户。确定正式导入吗？</source>
        <translation>{added} households will be added, {updated} updated, {unchanged} unchanged and {refused} refused. Import now?</translation>
    </message>
    <message>
        <location filename="../../app/ui/excel_import.py" line="213"/>
        <source>导入在一个事务中完成：要么全部写入，要么什么都不写。被拒绝的户不导入，可保存报告改正后再导入。</source>
        <translation>The import is one transaction: everything is written or nothing is. Refused households are not imported; save the report, correct them and import again.</translation>
    </message>
    <message>
        <location filename="../../app/ui/excel_import.py" line="230"/>
        <source>正在读取表格……</source>
        <translation>Reading the spreadsheet…</translation>
    </message>
    <message>
        <location filename="../../app/ui/excel_import.py" line="241"/>
        <source>正在核对每一户……</source>
        <translation>Checking every household…</translation>
    </message>
    <message>
        <location filename="../../app/ui/excel_import.py" line="255"/>
        <source>正在导入……</source>
        <translation>Importing…</translation>
    </message>
</context>
<context>
    <name>FieldWidget</name>
    <message>
        <location filename="../../app/ui/form_view/fields.py" line="256"/>
        <source>请写明“其他”的具体内容</source>
        <translation>Please specify &quot;other&quot;</translation>
    </message>
</context>
<context>
    <name>FieldsDialog</name>
    <message>
        <location filename="../../app/ui/dialogs/fields_dialog.py" line="52"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/fields_dialog.py" line="53"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/fields_dialog.py" line="78"/>
        <source>有填写不对的地方，请按红字提示修改。</source>
        <translation>Some entries are invalid. Please correct them as shown in red.</translation>
    </message>
</context>
<context>
    <name>FileChoice</name>
    <message>
        <location filename="../../app/ui/file_choice.py" line="18"/>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <location filename="../../app/ui/first_run.py" line="162"/>
        <source>防贫网格通 — 首次使用</source>
        <translation>Fangpin Field — First run</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="191"/>
        <source>正在生成演示数据……</source>
        <translation>Generating demo data…</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="199"/>
        <source>正在建立数据库……</source>
        <translation>Creating database…</translation>
    </message>
</context>
<context>
    <name>FormView</name>
    <message>
        <location filename="../../app/ui/form_view/view.py" line="72"/>
        <source>{titles}等</source>
        <translation>{titles} etc.</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_view/view.py" line="90"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_view/view.py" line="138"/>
        <source>已保存（{time}）</source>
        <translation>Saved ({time})</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_view/view.py" line="197"/>
        <source>还有 %1 处需要填写或修改</source>
        <translation>%1 field(s) still need to be filled in or corrected</translation>
    </message>
</context>
<context>
    <name>FundLedgerBox</name>
    <message>
        <location filename="../../app/ui/pages/fund_ledger_box.py" line="35"/>
        <source>防贫保险（救助）资金台账</source>
        <translation>Anti-poverty insurance and relief fund ledger</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/fund_ledger_box.py" line="43"/>
        <source>范围</source>
        <translation>Area</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/fund_ledger_box.py" line="45"/>
        <source>不填则统计全部保险机构和救助基金</source>
        <translation>Leave blank for every insurer and fund</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/fund_ledger_box.py" line="46"/>
        <source>保险机构或救助基金</source>
        <translation>Insurer or relief fund</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/fund_ledger_box.py" line="50"/>
        <source>支付日期从</source>
        <translation>Paid from</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/fund_ledger_box.py" line="51"/>
        <source>支付日期到</source>
        <translation>Paid until</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/fund_ledger_box.py" line="53"/>
        <source>导出 PDF…</source>
        <translation>Export PDF…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/fund_ledger_box.py" line="54"/>
        <source>导出 Excel…</source>
        <translation>Export Excel…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/fund_ledger_box.py" line="68"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/fund_ledger_box.py" line="68"/>
        <source>Excel 表格 (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/fund_ledger_box.py" line="86"/>
        <source>已导出资金台账：{path}。</source>
        <translation>Fund ledger exported: {path}. </translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/fund_ledger_box.py" line="92"/>
        <source>正在导出资金台账……</source>
        <translation>Exporting the fund ledger…</translation>
    </message>
</context>
<context>
    <name>GridDialog</name>
    <message>
        <location filename="../../app/ui/pages/visits_grids.py" line="42"/>
        <source>网格划分</source>
        <translation>Grids</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits_grids.py" line="42"/>
        <source>网格（只能查看）</source>
        <translation>Grids (view only)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits_grids.py" line="44"/>
        <source>只能查看：网格由乡镇防贫工作站或县防贫中心划分，随同步包下发；网格员的设备不能修改。</source>
        <translation>View only: grids are drawn by the township station or the county centre and arrive with sync bundles; a grid worker&apos;s device cannot change them.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits_grids.py" line="50"/>
        <source>村</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits_grids.py" line="58"/>
        <location filename="../../app/ui/pages/visits_grids.py" line="103"/>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits_grids.py" line="67"/>
        <source>新网格名称，如 第一网格</source>
        <translation>New grid&apos;s name, e.g. Grid 1</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits_grids.py" line="71"/>
        <source>新建网格</source>
        <translation>New grid</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits_grids.py" line="77"/>
        <source>农户（勾选后划入上面选中的网格）</source>
        <translation>Households (tick them to place them in the grid selected above)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits_grids.py" line="77"/>
        <source>农户</source>
        <translation>Households</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits_grids.py" line="80"/>
        <source>划入所选网格</source>
        <translation>Place in the selected grid</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits_grids.py" line="89"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits_grids.py" line="103"/>
        <source>网格员</source>
        <translation>Grid workers</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits_grids.py" line="103"/>
        <source>户数</source>
        <translation>Households</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits_grids.py" line="121"/>
        <source>（{grid}）</source>
        <translation>({grid})</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits_grids.py" line="148"/>
        <source>已新建网格“{name}”。</source>
        <translation>Grid &quot;{name}&quot; created.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits_grids.py" line="158"/>
        <source>请先选中一个网格。</source>
        <translation>Select a grid first.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits_grids.py" line="163"/>
        <source>请勾选要划入网格的农户。</source>
        <translation>Tick the households to place in the grid.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits_grids.py" line="173"/>
        <source>已把 {n} 户划入“{name}”。</source>
        <translation>{n} households placed in &quot;{name}&quot;.</translation>
    </message>
</context>
<context>
    <name>HistoryTab</name>
    <message>
        <location filename="../../app/ui/pages/household/history_tab.py" line="19"/>
        <source>作废的成员和帮扶措施不再计入名单和统计，但保留在这里；更正过的走访，原记录和更正记录都保留在“走访”页。</source>
        <translation>Voided members and measures no longer count in lists and statistics but are kept here; a corrected visit keeps both the original and the correction on the Visits tab.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/history_tab.py" line="32"/>
        <source>作废</source>
        <translation>Void</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/history_tab.py" line="34"/>
        <source>更正走访</source>
        <translation>Visit corrected</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/history_tab.py" line="34"/>
        <source>更正</source>
        <translation>Correction</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/history_tab.py" line="37"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/history_tab.py" line="37"/>
        <source>事项</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/history_tab.py" line="37"/>
        <source>对象</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/history_tab.py" line="37"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/history_tab.py" line="38"/>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/history_tab.py" line="38"/>
        <source>经办人</source>
        <translation>By</translation>
    </message>
</context>
<context>
    <name>HouseholdPage</name>
    <message>
        <location filename="../../app/ui/pages/household/__init__.py" line="34"/>
        <source>← 返回列表</source>
        <translation>← Back to list</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/__init__.py" line="40"/>
        <source>打印明白卡</source>
        <translation>Print assistance card</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/__init__.py" line="56"/>
        <source>基本信息和成员</source>
        <translation>Details &amp; members</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/__init__.py" line="56"/>
        <source>收入</source>
        <translation>Income</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/__init__.py" line="56"/>
        <source>走访</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/__init__.py" line="57"/>
        <source>监测</source>
        <translation>Monitoring</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/__init__.py" line="57"/>
        <source>帮扶责任人</source>
        <translation>Assistance officer</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/__init__.py" line="57"/>
        <source>帮扶措施</source>
        <translation>Assistance measures</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/__init__.py" line="58"/>
        <location filename="../../app/ui/pages/household/__init__.py" line="88"/>
        <source>预警</source>
        <translation>Warnings</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/__init__.py" line="58"/>
        <source>作废和更正记录</source>
        <translation>Voided and corrected</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/__init__.py" line="58"/>
        <source>防贫保险/救助</source>
        <translation>Insurance / relief</translation>
    </message>
</context>
<context>
    <name>HouseholdTableModel</name>
    <message>
        <location filename="../../app/ui/models/household_table.py" line="32"/>
        <source>村</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/household_table.py" line="33"/>
        <source>组</source>
        <translation>Group</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/household_table.py" line="34"/>
        <source>户主</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/household_table.py" line="35"/>
        <source>人口</source>
        <translation>Members</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/household_table.py" line="36"/>
        <source>户类型</source>
        <translation>Household type</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/household_table.py" line="37"/>
        <source>监测类别</source>
        <translation>Monitoring category</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/household_table.py" line="38"/>
        <source>程序阶段</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/household_table.py" line="39"/>
        <source>下次走访</source>
        <translation>Next visit</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/household_table.py" line="40"/>
        <source>匹配成员</source>
        <translation>Matched member</translation>
    </message>
</context>
<context>
    <name>HouseholdsPage</name>
    <message>
        <location filename="../../app/ui/pages/households.py" line="48"/>
        <source>农户</source>
        <translation>Households</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/households.py" line="50"/>
        <source>从 Excel 导入…</source>
        <translation>Import from Excel…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/households.py" line="53"/>
        <source>新增农户</source>
        <translation>New household</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/households.py" line="63"/>
        <source>查找：姓名、拼音首字母（如 zjg）、身份证号或其后几位、户编号、村名，或扫描明白卡二维码（Ctrl+F）</source>
        <translation>Find: name, pinyin initials (e.g. zjg), ID number or its last digits, household number, village, or scan a card&apos;s QR code (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/households.py" line="69"/>
        <source>全部村</source>
        <translation>All villages</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/households.py" line="74"/>
        <source>全部类别</source>
        <translation>All categories</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/households.py" line="80"/>
        <source>全部阶段</source>
        <translation>All stages</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/households.py" line="84"/>
        <source>走访逾期</source>
        <translation>Visit overdue</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/households.py" line="97"/>
        <source>农户名单</source>
        <translation>Household list</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/households.py" line="133"/>
        <source>没有找到这张明白卡上的农户：它可能不在本机的工作范围内，或已被作废。</source>
        <translation>No household for this card: it may be outside this device&apos;s area, or voided.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/households.py" line="138"/>
        <source>正在统计户数……</source>
        <translation>Counting households…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/households.py" line="154"/>
        <source>导出花名册</source>
        <translation>Export roster</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/households.py" line="155"/>
        <source>Excel 表格 (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/households.py" line="159"/>
        <source>正在导出花名册……</source>
        <translation>Exporting the roster…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/households.py" line="162"/>
        <source>已导出 {n} 行：{path}</source>
        <translation>Exported {n} rows: {path}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/households.py" line="181"/>
        <source>找到 {n} 户</source>
        <translation>{n} households found</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/households.py" line="182"/>
        <source>显示前 200 户，请输入更多内容缩小范围</source>
        <translation>Showing the first 200 households. Type more to narrow the search</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/households.py" line="143"/>
        <source>共 {n} 户</source>
        <translation>{n} households in total</translation>
    </message>
</context>
<context>
    <name>ImportResultPage</name>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="43"/>
        <source>导入完成</source>
        <translation>Import finished</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="43"/>
        <source>试导入结果（尚未写入）</source>
        <translation>Dry run (nothing written yet)</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="56"/>
        <source>保存逐行报告（.xlsx）…</source>
        <translation>Save row-by-row report (.xlsx)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="68"/>
        <source>已新增 {added} 户，更新 {updated} 户；拒绝 {refused} 户（原因见下表）。</source>
        <translation>Added {added} households, updated {updated}; refused {refused} (reasons below).</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="69"/>
        <source>将新增 {added} 户，更新 {updated} 户；拒绝 {refused} 户（原因见下表，可保存报告，改正后重新导入）。</source>
        <translation>Would add {added} households and update {updated}; {refused} would be refused (reasons below: save the report, correct it and import again).</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="72"/>
        <source>另有 {count} 名成员缺少身份证号，不导入（所在户照常导入，详见下表）。</source>
        <translation> In addition, {count} member(s) have no ID number and are not imported (their households are imported as usual; see the table below).</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="76"/>
        <source>工作表</source>
        <translation>Sheet</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="76"/>
        <source>行号</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="76"/>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="76"/>
        <source>户主</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="77"/>
        <source>出错列</source>
        <translation>Column at fault</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="77"/>
        <source>原因或说明</source>
        <translation>Reason or note</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="95"/>
        <source>保存报告</source>
        <translation>Save report</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="96"/>
        <source>Excel 表格 (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>IncomeTab</name>
    <message>
        <location filename="../../app/ui/pages/household/income_tab.py" line="28"/>
        <source>年度收入</source>
        <translation>Annual income</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/income_tab.py" line="34"/>
        <location filename="../../app/ui/pages/household/income_tab.py" line="75"/>
        <source>录入年度收入</source>
        <translation>Enter annual income</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/income_tab.py" line="38"/>
        <source>大额刚性支出</source>
        <translation>Major unavoidable expenses</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/income_tab.py" line="44"/>
        <source>登记支出</source>
        <translation>Record expense</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/income_tab.py" line="57"/>
        <source>低于监测范围</source>
        <translation>Below monitoring range</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/income_tab.py" line="57"/>
        <source>高于监测范围</source>
        <translation>Above monitoring range</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/income_tab.py" line="58"/>
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/income_tab.py" line="58"/>
        <source>人口</source>
        <translation>Members</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/income_tab.py" line="58"/>
        <source>家庭纯收入（元）</source>
        <translation>Household net income (CNY)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/income_tab.py" line="59"/>
        <source>人均纯收入（元）</source>
        <translation>Net income per person (CNY)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/income_tab.py" line="59"/>
        <source>监测收入范围（元）</source>
        <translation>Monitoring income range (CNY)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/income_tab.py" line="60"/>
        <source>对比</source>
        <translation>Comparison</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/income_tab.py" line="63"/>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/income_tab.py" line="63"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/income_tab.py" line="63"/>
        <source>总费用</source>
        <translation>Total cost</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/income_tab.py" line="63"/>
        <source>报销</source>
        <translation>Reimbursed</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/income_tab.py" line="63"/>
        <source>自付</source>
        <translation>Out of pocket</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/income_tab.py" line="64"/>
        <source>说明</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/income_tab.py" line="82"/>
        <source>登记大额刚性支出</source>
        <translation>Record major unavoidable expense</translation>
    </message>
</context>
<context>
    <name>ListPage</name>
    <message>
        <location filename="../../app/ui/pages/list_page.py" line="97"/>
        <source>共 {n} 条</source>
        <translation>{n} items</translation>
    </message>
</context>
<context>
    <name>Lock</name>
    <message>
        <location filename="../../app/ui/idle_lock.py" line="51"/>
        <source>已锁定</source>
        <translation>Locked</translation>
    </message>
    <message>
        <location filename="../../app/ui/idle_lock.py" line="110"/>
        <source>防贫网格通（已锁定）</source>
        <translation>Fangpin Field (locked)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="68"/>
        <source>防贫网格通</source>
        <translation>Fangpin Field</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="84"/>
        <source>农户</source>
        <translation>Households</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="84"/>
        <source>走访</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="85"/>
        <source>监测对象</source>
        <translation>Monitored</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="85"/>
        <source>帮扶责任人</source>
        <translation>Aid officers</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="86"/>
        <source>预警</source>
        <translation>Warnings</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="86"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="87"/>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="87"/>
        <source>统计</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="88"/>
        <source>政策</source>
        <translation>Policy</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="88"/>
        <source>报表</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="203"/>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="204"/>
        <source>从 Excel 导入…</source>
        <translation>Import from Excel…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="208"/>
        <source>从全国系统导入…</source>
        <translation>Import from the national system…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="210"/>
        <source>全国系统待录入…</source>
        <translation>To enter in the national system…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="215"/>
        <source>打开数据库…</source>
        <translation>Open Database…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="218"/>
        <source>最近使用</source>
        <translation>Recent</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="222"/>
        <source>设置…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="224"/>
        <source>锁定</source>
        <translation>Lock</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="231"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="236"/>
        <source>查找农户</source>
        <translation>Find household</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="240"/>
        <source>帮助</source>
        <translation>Help</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="241"/>
        <source>快捷键</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="244"/>
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="250"/>
        <source>使用人：{user}（{role}）</source>
        <translation>User: {user} ({role})</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="251"/>
        <source>数据库：{name}</source>
        <translation>Database: {name}</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="264"/>
        <source>上次同步：{when}</source>
        <translation>Last sync: {when}</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="264"/>
        <source>从未同步</source>
        <translation>Never synced</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="270"/>
        <source>打开数据库</source>
        <translation>Open Database</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="271"/>
        <source>数据库文件 (*.db);;所有文件 (*)</source>
        <translation>Database files (*.db);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="308"/>
        <source>关于防贫网格通</source>
        <translation>About Fangpin Field</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="309"/>
        <source>防贫网格通 {version}
防止返贫动态监测和帮扶的离线桌面工具。
数据库：{db}
日志：{log}</source>
        <translation>Fangpin Field {version}
An offline desktop tool for dynamic monitoring and assistance to prevent relapse into poverty.
Database: {db}
Log: {log}</translation>
    </message>
</context>
<context>
    <name>MeasuresTab</name>
    <message>
        <location filename="../../app/ui/pages/household/measures_tab.py" line="30"/>
        <source>添加措施</source>
        <translation>Add measure</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/measures_tab.py" line="30"/>
        <source>修改</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/measures_tab.py" line="31"/>
        <source>标记完成</source>
        <translation>Mark completed</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/measures_tab.py" line="31"/>
        <source>作废…</source>
        <translation>Void…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/measures_tab.py" line="41"/>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/measures_tab.py" line="41"/>
        <source>具体措施</source>
        <translation>Measure</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/measures_tab.py" line="41"/>
        <source>针对风险</source>
        <translation>Addresses risk</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/measures_tab.py" line="41"/>
        <source>开始</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/measures_tab.py" line="42"/>
        <source>结束</source>
        <translation>End</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/measures_tab.py" line="42"/>
        <source>金额（元）</source>
        <translation>Amount (CNY)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/measures_tab.py" line="42"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/measures_tab.py" line="42"/>
        <source>实施单位</source>
        <translation>Implementing organization</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/measures_tab.py" line="50"/>
        <source>添加帮扶措施</source>
        <translation>Add assistance measure</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/measures_tab.py" line="65"/>
        <source>修改帮扶措施</source>
        <translation>Edit assistance measure</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/measures_tab.py" line="73"/>
        <source>把这项措施标记为已完成？</source>
        <translation>Mark this measure as completed?</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/measures_tab.py" line="82"/>
        <source>作废帮扶措施</source>
        <translation>Void measure</translation>
    </message>
</context>
<context>
    <name>MemberDialog</name>
    <message>
        <location filename="../../app/ui/dialogs/member_dialog.py" line="26"/>
        <source>修改成员</source>
        <translation>Edit member</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/member_dialog.py" line="26"/>
        <source>添加成员</source>
        <translation>Add member</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/member_dialog.py" line="58"/>
        <source>已输入 {n} 位，身份证号共 18 位。</source>
        <translation>{n} of 18 ID number characters entered.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/member_dialog.py" line="67"/>
        <source>身份证号有效：{sex}，{birth} 出生，{age} 岁</source>
        <translation>Valid ID number: {sex}, born {birth}, age {age}</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../app/ui/messages.py" line="16"/>
        <source>请确认</source>
        <translation>Please confirm</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="23"/>
        <source>完成</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>NationalEntriesDialog</name>
    <message>
        <location filename="../../app/ui/dialogs/national_entries.py" line="42"/>
        <source>全国系统待录入</source>
        <translation>To enter in the national system</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_entries.py" line="45"/>
        <location filename="../../app/ui/dialogs/national_entries.py" line="106"/>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_entries.py" line="47"/>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_entries.py" line="54"/>
        <source>导出待录入…</source>
        <translation>Export what is pending…</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_entries.py" line="64"/>
        <source>导出此日期以来的全部变化</source>
        <translation>Export every change since</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_entries.py" line="66"/>
        <source>今天</source>
        <translation>today</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_entries.py" line="68"/>
        <source>导出…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_entries.py" line="74"/>
        <source>全选</source>
        <translation>Select all</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_entries.py" line="77"/>
        <source>标记选中为已录入…</source>
        <translation>Mark selected as entered…</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_entries.py" line="78"/>
        <source>在全国系统中录入并核对后再标记；标记后下次导出待录入时不再包含。</source>
        <translation>Mark only after entering and checking in the national system; marked rows are left out of the next pending export.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_entries.py" line="82"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_entries.py" line="106"/>
        <source>村</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_entries.py" line="106"/>
        <source>户主</source>
        <translation>Head</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_entries.py" line="106"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_entries.py" line="107"/>
        <source>说明</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_entries.py" line="114"/>
        <source>待录入 {items} 项，涉及 {households} 户</source>
        <translation>{items} items pending, {households} households</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_entries.py" line="125"/>
        <source>请先选中已在全国系统录入的行。</source>
        <translation>First select the rows already entered in the national system.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_entries.py" line="128"/>
        <source>确认这 {items} 项（{households} 户）已在全国系统录入并核对无误？标记后，下次导出待录入时不再包含它们。</source>
        <translation>Confirm these {items} items ({households} households) were entered in the national system and checked? Once marked they are left out of the next pending export.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_entries.py" line="137"/>
        <source>已标记 {marked} 项为已录入全国系统。</source>
        <translation>{marked} items marked as entered in the national system.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_entries.py" line="139"/>
        <source>另有 {changed} 项在列出后又有变化，仍为待录入，请核对后再标记。</source>
        <translation>{changed} more items changed after they were listed and stay pending; check them before marking.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_entries.py" line="147"/>
        <source>待录入全国系统.xlsx</source>
        <translation>pending for the national system.xlsx</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_entries.py" line="152"/>
        <source>请填写开始日期。</source>
        <translation>Please fill in the start date.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_entries.py" line="154"/>
        <source>{day}以来的变化.xlsx</source>
        <translation>changes since {day}.xlsx</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_entries.py" line="157"/>
        <source>导出到 Excel</source>
        <translation>Export to Excel</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_entries.py" line="158"/>
        <source>Excel 表格 (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_entries.py" line="167"/>
        <source>已导出 {households} 户、{rows} 行（{items} 项内容）：{path}</source>
        <translation>Exported {households} households, {rows} rows ({items} items): {path}</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_entries.py" line="170"/>
        <source>没有需要录入全国系统的内容；文件只有表头：{path}</source>
        <translation>Nothing to enter in the national system; the file has only the header: {path}</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_entries.py" line="172"/>
        <source>正在导出……</source>
        <translation>Exporting…</translation>
    </message>
</context>
<context>
    <name>NationalImportWizard</name>
    <message>
        <location filename="../../app/ui/dialogs/national_import.py" line="79"/>
        <source>从全国系统导入</source>
        <translation>Import from the national system</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_import.py" line="86"/>
        <source>正式导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_import.py" line="107"/>
        <source>将新增 {added} 户、更新 {updated} 户、未变 {unchanged} 户、拒绝 {refused} 户；监测记录 {cases} 条、帮扶措施 {measures} 项。确定正式导入吗？</source>
        <translation>{added} households will be added, {updated} updated, {unchanged} unchanged and {refused} refused; {cases} monitoring records and {measures} measures. Import now?</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_import.py" line="111"/>
        <source>导入在一个事务中完成：要么全部写入，要么什么都不写。导入的内容记为已录入全国系统。</source>
        <translation>The import is one transaction: everything is written or nothing. What is imported counts as already entered in the national system.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_import.py" line="123"/>
        <source>正在核对每一户……</source>
        <translation>Checking every household…</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_import.py" line="135"/>
        <source>正在导入……</source>
        <translation>Importing…</translation>
    </message>
</context>
<context>
    <name>NewHouseholdDialog</name>
    <message>
        <location filename="../../app/ui/dialogs/new_household.py" line="28"/>
        <source>新增农户</source>
        <translation>New household</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/new_household.py" line="29"/>
        <source>农户</source>
        <translation>Household</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/new_household.py" line="34"/>
        <source>所在村 *</source>
        <translation>Village *</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/new_household.py" line="39"/>
        <source>户主</source>
        <translation>Head of household</translation>
    </message>
</context>
<context>
    <name>NumberClashBanner</name>
    <message>
        <location filename="../../app/ui/pages/number_clashes.py" line="43"/>
        <source>处理重复的户编号…</source>
        <translation>Resolve duplicate household numbers…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/number_clashes.py" line="61"/>
        <source>有 %1 个户编号被两户以上使用（两台设备录入了同一户编号，同步后发现），请给其中一户换一个户编号。</source>
        <translation>%1 household number(s) are used by more than one household (two devices entered the same number; found after synchronising). Give one of the households a new number.</translation>
    </message>
</context>
<context>
    <name>NumberClashesDialog</name>
    <message>
        <location filename="../../app/ui/pages/number_clashes.py" line="79"/>
        <source>重复的户编号</source>
        <translation>Duplicate household numbers</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/number_clashes.py" line="82"/>
        <source>下列户编号各被两户以上使用。选中其中一户，点“重新编号…”给它换一个户编号（新户编号随同步发给各设备）。</source>
        <translation>Each of these household numbers is used by more than one household. Select one household and click Renumber… to give it a new number (the new number reaches the other devices with the next sync).</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/number_clashes.py" line="84"/>
        <source>下列户编号各被两户以上使用。重复的户编号由乡镇防贫工作站或县防贫中心处理，本机只能查看。</source>
        <translation>Each of these household numbers is used by more than one household. The township station or the county centre resolves duplicates; on this device you can only view them.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/number_clashes.py" line="96"/>
        <source>重新编号…</source>
        <translation>Renumber…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/number_clashes.py" line="99"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/number_clashes.py" line="110"/>
        <source>户编号</source>
        <translation>Household number</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/number_clashes.py" line="110"/>
        <source>村</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/number_clashes.py" line="110"/>
        <source>组</source>
        <translation>Group</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/number_clashes.py" line="110"/>
        <source>户主</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/number_clashes.py" line="110"/>
        <source>人数</source>
        <translation>Members</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/number_clashes.py" line="115"/>
        <source>没有重复的户编号了。</source>
        <translation>No duplicate household numbers remain.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/number_clashes.py" line="122"/>
        <source>请先选中要换户编号的一户。</source>
        <translation>First select the household that is to get a new number.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/number_clashes.py" line="125"/>
        <source>重新编号</source>
        <translation>Renumber</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/number_clashes.py" line="126"/>
        <source>新的户编号（留空则由本机按村自动编号）：</source>
        <translation>New household number (leave empty to have this device number it within its village):</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/number_clashes.py" line="138"/>
        <source>已改为新户编号 %1。</source>
        <translation>Changed to the new household number %1.</translation>
    </message>
</context>
<context>
    <name>PasswordChangeDialog</name>
    <message>
        <location filename="../../app/ui/dialogs/password_dialog.py" line="36"/>
        <location filename="../../app/ui/dialogs/password_dialog.py" line="54"/>
        <location filename="../../app/ui/dialogs/password_dialog.py" line="100"/>
        <source>修改密码</source>
        <translation>Change password</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/password_dialog.py" line="42"/>
        <source>原密码</source>
        <translation>Current password</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/password_dialog.py" line="44"/>
        <source>新密码</source>
        <translation>New password</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/password_dialog.py" line="46"/>
        <source>再输入一次</source>
        <translation>Repeat</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/password_dialog.py" line="48"/>
        <source>新密码至少 6 位，不能全是同一个字符。修改后请尽快向上级导出一次同步包，忘记密码时乡镇工作站才能用新的恢复密钥找回。</source>
        <translation>The new password needs at least 6 characters, not all the same. Afterwards export a bundle to your station soon, so it holds the new recovery key in case you forget the password.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/password_dialog.py" line="55"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/password_dialog.py" line="71"/>
        <source>请输入原密码。</source>
        <translation>Please enter the current password.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/password_dialog.py" line="74"/>
        <source>新密码与原密码相同。</source>
        <translation>The new password is the same as the current one.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/password_dialog.py" line="76"/>
        <source>两次输入的新密码不一致。</source>
        <translation>The two new passwords differ.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/password_dialog.py" line="85"/>
        <source>修改密码 — 正在重新加密……</source>
        <translation>Change password — re-encrypting…</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/password_dialog.py" line="91"/>
        <source>密码已修改。以后打开和解锁都用新密码。</source>
        <translation>Password changed. Use the new password to open and unlock from now on.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/password_dialog.py" line="93"/>
        <source>请尽快向“{station}”导出一次同步包，带上新的恢复密钥。</source>
        <translation>Please export a bundle to &quot;{station}&quot; soon, carrying the new recovery key.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/password_dialog.py" line="102"/>
        <source>原密码不正确。</source>
        <translation>The current password is wrong.</translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <location filename="../../app/ui/pdf_preview.py" line="46"/>
        <source>打印预览 — {name}</source>
        <translation>Print preview — {name}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pdf_preview.py" line="49"/>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pdf_preview.py" line="50"/>
        <source>另存为 PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pdf_preview.py" line="51"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/pdf_preview.py" line="83"/>
        <source>共 {n} 页</source>
        <translation>{n} pages</translation>
    </message>
    <message>
        <location filename="../../app/ui/pdf_preview.py" line="84"/>
        <source>共 {n} 页，预览前 {m} 页</source>
        <translation>{n} pages; previewing the first {m}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pdf_preview.py" line="92"/>
        <source>另存为</source>
        <translation>Save as</translation>
    </message>
    <message>
        <location filename="../../app/ui/pdf_preview.py" line="93"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
</context>
<context>
    <name>PolicyPage</name>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="70"/>
        <source>政策参数</source>
        <translation>Policy settings</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="71"/>
        <source>由县防贫中心设置，修改后随同步包下发到各乡镇工作站和网格员，到达后生效。</source>
        <translation>Set by the county center. Changes travel down in sync bundles to every township station and grid worker and take effect when they arrive.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="72"/>
        <source>以下参数由县防贫中心设置，随同步包下发；本机只能查看。</source>
        <translation>These settings are set by the county center and arrive in sync bundles; this computer can only view them.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="78"/>
        <source>导出政策工作簿…</source>
        <translation>Export policy workbook…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="79"/>
        <source>全部政策及其生效日期，可在 Excel 里修改后导入</source>
        <translation>All policy with its effective dates; edit it in Excel and import it back</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="81"/>
        <source>导入政策工作簿…</source>
        <translation>Import policy workbook…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="99"/>
        <source>监测收入线</source>
        <translation>Income monitoring lines</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="105"/>
        <source>新增监测收入线…</source>
        <translation>Add income line…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="112"/>
        <source>走访和登记表单</source>
        <translation>Visit and registration forms</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="118"/>
        <source>安装新版本表单…</source>
        <translation>Install a new form version…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="125"/>
        <source>政策参数（每项带生效日期）</source>
        <translation>Policy settings (each with its effective date)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="139"/>
        <source>生效日期</source>
        <translation>Effective from</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="139"/>
        <source>元/人·年</source>
        <translation>CNY per person per year</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="139"/>
        <source>依据</source>
        <translation>Basis</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="139"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="141"/>
        <source>执行中</source>
        <translation>In force</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="142"/>
        <source>待生效</source>
        <translation>Upcoming</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="142"/>
        <source>已停止</source>
        <translation>Superseded</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="144"/>
        <source>表单</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="144"/>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="144"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="144"/>
        <source>新走访使用</source>
        <translation>Used for new visits</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="145"/>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="158"/>
        <source>新增监测收入线</source>
        <translation>Add income line</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="162"/>
        <source>导出政策工作簿</source>
        <translation>Export policy workbook</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="163"/>
        <location filename="../../app/ui/pages/policy.py" line="176"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="171"/>
        <source>已导出政策工作簿：{path}</source>
        <translation>Policy workbook exported: {path}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="175"/>
        <source>选择政策工作簿</source>
        <translation>Choose a policy workbook</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="184"/>
        <source>工作簿与现行政策相同，没有变化。</source>
        <translation>The workbook is the same as the policy in force: nothing changes.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="186"/>
        <source>初始</source>
        <translation>from the start</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="189"/>
        <source>将导入以下 {count} 项变化：
{listed}
确定导入吗？</source>
        <translation>These {count} changes will be imported:
{listed}
Import them?</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="197"/>
        <source>已导入 {count} 项变化，将随下次同步包下发。</source>
        <translation>{count} changes imported; they go out with the next sync bundle.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="200"/>
        <source>选择表单文件</source>
        <translation>Choose form file</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="201"/>
        <source>XLSForm 表单 (*.xlsx)</source>
        <translation>XLSForm forms (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy.py" line="210"/>
        <source>已安装“{title}”第 {version} 版，新的走访将使用这一版。</source>
        <translation>Installed &quot;{title}&quot; version {version}; new visits will use it.</translation>
    </message>
</context>
<context>
    <name>PolicySettingsEditor</name>
    <message>
        <location filename="../../app/ui/pages/policy_settings.py" line="56"/>
        <source>只能查看：政策参数由县防贫中心设置，随同步包下发；本机的角色不能修改。</source>
        <translation>View only: policy settings are set by the county poverty-prevention centre and arrive with sync bundles; this device&apos;s role cannot change them.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy_settings.py" line="75"/>
        <source>生效日期</source>
        <translation>Effective from</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy_settings.py" line="79"/>
        <source>保存为新版本</source>
        <translation>Save as a new version</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy_settings.py" line="80"/>
        <source>改动的参数自生效日期起执行，之前的版本保留</source>
        <translation>Changed settings apply from the effective date; earlier versions are kept</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy_settings.py" line="95"/>
        <source>每行一个类别：类别：项目、项目；项目留空即停用该类别</source>
        <translation>One kind per line: kind：item、item; a kind with no items is retired</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy_settings.py" line="94"/>
        <source>每行一个改名：新名称：原名称</source>
        <translation>One rename per line: new name：former name</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy_settings.py" line="105"/>
        <source>可填：{names}，用“、”分开</source>
        <translation>May hold: {names}, separated by “、”</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy_settings.py" line="193"/>
        <source>请填写生效日期。</source>
        <translation>Please enter the effective date.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/policy_settings.py" line="208"/>
        <source>已保存 {count} 项政策参数，自 {day} 起执行，将随下次同步包下发。</source>
        <translation>Saved {count} policy settings, in force from {day}; they go out with the next sync bundle.</translation>
    </message>
</context>
<context>
    <name>PrintingPage</name>
    <message>
        <location filename="../../app/ui/pages/printing_page.py" line="53"/>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/printing_page.py" line="54"/>
        <source>选择要打印的文件</source>
        <translation>Choose a document to print</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/printing_page.py" line="61"/>
        <source>户编号或成员身份证号（在农户页打开一户后自动填入）</source>
        <translation>Household number or a member&apos;s ID number (filled in when a household is open)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/printing_page.py" line="59"/>
        <source>文件</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/printing_page.py" line="62"/>
        <source>农户</source>
        <translation>Household</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/printing_page.py" line="69"/>
        <source>范围</source>
        <translation>Area</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/printing_page.py" line="72"/>
        <source>月份</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/printing_page.py" line="73"/>
        <source>每户一个文件，存入文件夹</source>
        <translation>One file per household, into a folder</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/printing_page.py" line="75"/>
        <location filename="../../app/ui/pages/printing_page.py" line="148"/>
        <source>生成并预览</source>
        <translation>Generate and preview</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/printing_page.py" line="93"/>
        <location filename="../../app/ui/pages/printing_page.py" line="114"/>
        <source>导出 Excel 台账</source>
        <translation>Export Excel ledger</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/printing_page.py" line="98"/>
        <source>台账</source>
        <translation>Ledger</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/printing_page.py" line="100"/>
        <source>本机全部范围</source>
        <translation>Everything on this computer</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/printing_page.py" line="104"/>
        <source>村</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/printing_page.py" line="105"/>
        <source>用于张贴公示（只有公示名单可以张贴，不含身份证号、电话和健康状况）</source>
        <translation>For public posting (only the posting list may be posted: no ID numbers, phones or health conditions)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/printing_page.py" line="107"/>
        <source>导出…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/printing_page.py" line="115"/>
        <source>Excel 表格 (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/printing_page.py" line="124"/>
        <source>已导出{name}（{n} 行）：{path}</source>
        <translation>Exported {name} ({n} rows): {path}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/printing_page.py" line="131"/>
        <source>正在导出{name}……</source>
        <translation>Exporting {name}…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/printing_page.py" line="148"/>
        <source>生成到文件夹…</source>
        <translation>Make into folder…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/printing_page.py" line="165"/>
        <source>公示名单按村打印，请在“范围”中选择一个村。</source>
        <translation>Posting lists are printed per village: choose a village under &quot;Area&quot;.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/printing_page.py" line="169"/>
        <source>选择存放明白卡的文件夹</source>
        <translation>Choose a folder for the assistance cards</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/printing_page.py" line="174"/>
        <source>正在生成明白卡……</source>
        <translation>Making assistance cards…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/printing_page.py" line="181"/>
        <source>正在生成{what}……</source>
        <translation>Making {what}…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/printing_page.py" line="197"/>
        <source>已取消，没有留下文件。</source>
        <translation>Cancelled; no file was left behind.</translation>
    </message>
</context>
<context>
    <name>ProposeDialog</name>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="87"/>
        <source>申报监测对象</source>
        <translation>Propose monitored household</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="94"/>
        <source>风险类型</source>
        <translation>Risk type</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="102"/>
        <source>发现方式</source>
        <translation>How identified</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="104"/>
        <source>按系统建议</source>
        <translation>As suggested by the system</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="107"/>
        <source>监测对象类别</source>
        <translation>Monitoring category</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="110"/>
        <source>系统建议（仅供参考）</source>
        <translation>System suggestion (for reference only)</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="113"/>
        <source>申报人填写：为什么申报、为什么选这个类别</source>
        <translation>Written by the proposer: why the household is proposed and why this category</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="114"/>
        <source>纳入理由</source>
        <translation>Reason for inclusion</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="115"/>
        <source>先帮后认：突发严重困难户先行落实帮扶措施，认定程序照常办理</source>
        <translation>Fast track (help first, identify after): assistance for a sudden-hardship household starts now; every step of the identification is still taken</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="154"/>
        <source>所选类别与系统建议不同，请写明纳入理由。</source>
        <translation>The chosen category differs from the system&apos;s suggestion: please write the reason for inclusion.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="134"/>
        <source>不建议纳入</source>
        <translation>Not recommended for monitoring</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="144"/>
        <source>所选类别与系统建议不同，请在纳入理由中写明为什么。</source>
        <translation>The chosen category differs from the system&apos;s suggestion: please say why in the reason for inclusion.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="149"/>
        <source>请至少选择一种风险类型。</source>
        <translation>Select at least one risk type.</translation>
    </message>
</context>
<context>
    <name>RepeatBox</name>
    <message>
        <location filename="../../app/ui/form_view/level.py" line="182"/>
        <source>（还没有填写，点“添加”增加一项）</source>
        <translation>(Nothing entered yet. Click “Add item” to add one)</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_view/level.py" line="185"/>
        <source>添加一项：%1</source>
        <translation>Add item: %1</translation>
    </message>
</context>
<context>
    <name>RepeatRow</name>
    <message>
        <location filename="../../app/ui/form_view/level.py" line="155"/>
        <source>删除这一项</source>
        <translation>Remove this item</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_view/level.py" line="163"/>
        <source>&lt;b&gt;%1 第 %2 项&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1, item %2&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="54"/>
        <location filename="../../app/ui/pages/reports.py" line="129"/>
        <source>报表</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="56"/>
        <source>选择报表、期间和范围，然后点“生成”。</source>
        <translation>Choose a report, period and scope, then click &quot;Compute&quot;.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="69"/>
        <source>总体情况</source>
        <translation>Overview</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="83"/>
        <source>图表</source>
        <translation>Charts</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="84"/>
        <source>分村情况</source>
        <translation>By village</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="89"/>
        <source>措施与预警</source>
        <translation>Measures and warnings</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="90"/>
        <location filename="../../app/ui/pages/reports.py" line="229"/>
        <source>分月情况</source>
        <translation>By month</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="91"/>
        <source>需关注农户</source>
        <translation>Households needing attention</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="92"/>
        <source>返贫致贫监测</source>
        <translation>Falling into poverty</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="104"/>
        <source>月分析</source>
        <translation>Monthly analysis</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="104"/>
        <source>季调度</source>
        <translation>Quarterly dispatch</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="105"/>
        <source>年考核</source>
        <translation>Yearly assessment</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="111"/>
        <source> 年</source>
        <translation></translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="120"/>
        <source>生成</source>
        <translation>Compute</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="123"/>
        <source>导出 PDF…</source>
        <translation>Export PDF…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="125"/>
        <source>导出 Excel…</source>
        <translation>Export Excel…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="129"/>
        <source>期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="130"/>
        <source>范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="147"/>
        <source>{n} 月</source>
        <translation>Month {n}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="151"/>
        <source>第 {n} 季度</source>
        <translation>Quarter {n}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="165"/>
        <source>正在计算……</source>
        <translation>Computing…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="180"/>
        <source>{place} {period}{title}：统计期间 {start} 至 {end}，时点数截至 {as_of}。</source>
        <translation>{place} {period} {title}: period {start} to {end}, point-in-time figures as of {as_of}.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="183"/>
        <location filename="../../app/ui/pages/reports.py" line="190"/>
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="183"/>
        <source>数值</source>
        <translation>Value</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="184"/>
        <location filename="../../app/ui/pages/reports.py" line="218"/>
        <source>在监测户</source>
        <translation>Monitored households</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="185"/>
        <source>在监测人口</source>
        <translation>Monitored people</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="186"/>
        <source>正在办理</source>
        <translation>In procedure</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="187"/>
        <location filename="../../app/ui/pages/reports.py" line="193"/>
        <source>本期识别</source>
        <translation>Identified in period</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="188"/>
        <location filename="../../app/ui/pages/reports.py" line="193"/>
        <source>本期消除</source>
        <translation>Eliminated in period</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="189"/>
        <source>风险类型</source>
        <translation>Risk types</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="190"/>
        <source>分组</source>
        <translation>Group</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="190"/>
        <source>户（人）数</source>
        <translation>Households (people)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="192"/>
        <source>分{kind}情况</source>
        <translation>By {kind}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="193"/>
        <source>农户</source>
        <translation>Households</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="193"/>
        <source>在监测</source>
        <translation>Monitored</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="194"/>
        <location filename="../../app/ui/pages/reports.py" line="223"/>
        <source>应访户次</source>
        <translation>Visits due</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="194"/>
        <location filename="../../app/ui/pages/reports.py" line="204"/>
        <location filename="../../app/ui/pages/reports.py" line="224"/>
        <location filename="../../app/ui/pages/reports.py" line="233"/>
        <source>按期已访</source>
        <translation>Visited when due</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="194"/>
        <source>逾期户</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="194"/>
        <source>本期预警</source>
        <translation>Warnings in period</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="195"/>
        <location filename="../../app/ui/pages/reports.py" line="221"/>
        <source>有帮扶责任人</source>
        <translation>With assistance person</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="198"/>
        <source>措施类别</source>
        <translation>Measure kind</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="198"/>
        <location filename="../../app/ui/pages/reports.py" line="227"/>
        <source>期末在实施</source>
        <translation>In force at end</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="198"/>
        <source>涉及户数</source>
        <translation>Households</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="198"/>
        <location filename="../../app/ui/pages/reports.py" line="228"/>
        <source>本期新增</source>
        <translation>New in period</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="199"/>
        <source>本期新增金额（元）</source>
        <translation>New amount (yuan)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="201"/>
        <source>预警类型</source>
        <translation>Warning</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="201"/>
        <source>本期产生</source>
        <translation>Raised in period</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="201"/>
        <source>已处置</source>
        <translation>Handled</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="201"/>
        <source>待处置</source>
        <translation>Pending</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="203"/>
        <source>月份</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="203"/>
        <location filename="../../app/ui/pages/reports.py" line="230"/>
        <source>新识别</source>
        <translation>Identified</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="203"/>
        <location filename="../../app/ui/pages/reports.py" line="231"/>
        <source>风险消除</source>
        <translation>Eliminated</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="203"/>
        <source>走访次数</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="204"/>
        <location filename="../../app/ui/pages/reports.py" line="232"/>
        <source>应访户</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="204"/>
        <source>产生预警</source>
        <translation>Warnings raised</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="207"/>
        <location filename="../../app/ui/pages/reports.py" line="212"/>
        <source>村</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="207"/>
        <location filename="../../app/ui/pages/reports.py" line="212"/>
        <source>户编号</source>
        <translation>Household no.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="207"/>
        <location filename="../../app/ui/pages/reports.py" line="212"/>
        <source>户主</source>
        <translation>Head</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="207"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="208"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="208"/>
        <source>关注原因</source>
        <translation>Reasons</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="212"/>
        <source>户类型</source>
        <translation>Household type</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="213"/>
        <source>人均纯收入（元）</source>
        <translation>Per-capita net income (yuan)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="217"/>
        <source>各{kind}监测对象</source>
        <translation>Monitoring by {kind}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="219"/>
        <source>本期新识别</source>
        <translation>Newly identified</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="220"/>
        <source>本期风险消除</source>
        <translation>Risk eliminated</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="222"/>
        <source>各{kind}入户走访</source>
        <translation>Visits by {kind}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="225"/>
        <source>走访逾期户</source>
        <translation>Overdue households</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="226"/>
        <source>帮扶措施（按类别）</source>
        <translation>Measures by kind</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="292"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="292"/>
        <source>Excel 表格 (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="294"/>
        <source>导出报表</source>
        <translation>Export report</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="299"/>
        <source>正在导出报表……</source>
        <translation>Exporting the report…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/reports.py" line="300"/>
        <source>已导出：{path}</source>
        <translation>Exported: {path}</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="154"/>
        <source>从备份恢复</source>
        <translation>Restore from backup</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="158"/>
        <source>备份文件（{suffix}）</source>
        <translation>Backup file ({suffix})</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="159"/>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="161"/>
        <source>备份文件</source>
        <translation>Backup file</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="163"/>
        <source>备份时的数据库密码</source>
        <translation>Database password at backup time</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="164"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="165"/>
        <source>查看备份内容</source>
        <translation>Show what the backup holds</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="169"/>
        <source>备份时间</source>
        <translation>Backed up on</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="170"/>
        <source>设备</source>
        <translation>Device</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="171"/>
        <source>农户</source>
        <translation>Households</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="172"/>
        <source>最后导出的同步包</source>
        <translation>Last bundle exported</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="173"/>
        <source>恢复会用备份替换当前数据库中的全部数据：备份之后在本机做的修改不在备份中（已导出给上级的仍保存在上级），备份之后导入过的同步包需要重新导入。</source>
        <translation>Restoring replaces all data in the current database with the backup: changes made here after the backup are not in it (those exported to your station are kept there), and bundles imported after the backup must be imported again.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="177"/>
        <source>我明白，用这个备份替换当前数据库</source>
        <translation>I understand: replace the current database with this backup</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="185"/>
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="187"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="195"/>
        <source>选择备份文件</source>
        <translation>Choose a backup file</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="196"/>
        <source>防贫网格通备份 (*{suffix});;所有文件 (*)</source>
        <translation>Fangpin Field backup (*{suffix});;All files (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="219"/>
        <source>请选择备份文件并输入备份时的密码。</source>
        <translation>Please choose a backup file and enter the password it was made with.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="223"/>
        <source>正在打开备份……</source>
        <translation>Opening the backup…</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="231"/>
        <source>{n} 户</source>
        <translation>{n} households</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="233"/>
        <source>从未导出</source>
        <translation>Never exported</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="235"/>
        <source>第 {n} 号，给“{to}”，{when}</source>
        <translation>No. {n}, to &quot;{to}&quot;, {when}</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="236"/>
        <source>上级</source>
        <translation>the station above</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="249"/>
        <source>正在恢复……</source>
        <translation>Restoring…</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="254"/>
        <source>已从备份恢复（{households} 户）。备份之后导入过的同步包，请重新导入一次。</source>
        <translation>Restored from the backup ({households} households). Import again any bundles imported after the backup.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/backup_dialogs.py" line="262"/>
        <source>密码打不开这个备份，请输入备份时的数据库密码。</source>
        <translation>This password does not open the backup; enter the database password it was made with.</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="32"/>
        <source>农户和案例</source>
        <translation>Household and case</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="33"/>
        <source>办理记录</source>
        <translation>Steps taken</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="34"/>
        <source>入户走访（{n}）</source>
        <translation>Visits ({n})</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="36"/>
        <source>预警（待处置 {n}）</source>
        <translation>Warnings ({n} open)</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="39"/>
        <source>消除条件</source>
        <translation>Elimination criteria</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="48"/>
        <source>村</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="49"/>
        <source>户主</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="50"/>
        <source>户类型</source>
        <translation>Household type</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="53"/>
        <source>家庭成员</source>
        <translation>Members</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="55"/>
        <source>人均纯收入</source>
        <translation>Net income per person</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="56"/>
        <source>{year} 年 {amount} 元</source>
        <translation>{year}: {amount} yuan</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="57"/>
        <source>未登记</source>
        <translation>Not recorded</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="58"/>
        <source>监测类别</source>
        <translation>Monitoring category</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="59"/>
        <source>风险类型</source>
        <translation>Risk types</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="60"/>
        <source>纳入理由</source>
        <translation>Reason for inclusion</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="61"/>
        <source>发现方式</source>
        <translation>How found</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="62"/>
        <source>程序</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="64"/>
        <source>公示期</source>
        <translation>Posting period</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="66"/>
        <source>帮扶责任人</source>
        <translation>Assistance person</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="66"/>
        <source>未落实</source>
        <translation>None assigned</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="68"/>
        <source>帮扶措施</source>
        <translation>Measures</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="68"/>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="73"/>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="79"/>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="84"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="73"/>
        <source>环节</source>
        <translation>Step</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="73"/>
        <source>意见</source>
        <translation>Decision</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="73"/>
        <source>办理人</source>
        <translation>By</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="73"/>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="92"/>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="79"/>
        <source>走访人</source>
        <translation>Visitor</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="79"/>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="92"/>
        <source>情况</source>
        <translation>Findings</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="84"/>
        <source>预警</source>
        <translation>Warning</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="84"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="84"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="89"/>
        <source>已达到</source>
        <translation>Met</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="89"/>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="91"/>
        <source>未达到</source>
        <translation>Not met</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="91"/>
        <source>其他情况</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/review_dialog.py" line="92"/>
        <source>条件</source>
        <translation>Criterion</translation>
    </message>
</context>
<context>
    <name>RowImportWizard</name>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="139"/>
        <source>打开报告</source>
        <translation>Open report</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="161"/>
        <location filename="../../app/ui/import_wizard.py" line="163"/>
        <source>正式导入</source>
        <translation>Import now</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="164"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>SectionListDialog</name>
    <message>
        <location filename="../../app/ui/form_view/section_list.py" line="24"/>
        <source>表单目录</source>
        <translation>Form contents</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_view/section_list.py" line="27"/>
        <source>选择一部分，按 Enter 或双击转到那里。</source>
        <translation>Choose a part and press Enter or double-click to go there.</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_view/section_list.py" line="44"/>
        <source>转到</source>
        <translation>Go to</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_view/section_list.py" line="45"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_view/section_list.py" line="53"/>
        <source>不适用</source>
        <translation>not applicable</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_view/section_list.py" line="56"/>
        <source>还有 %1 处需填写或修改</source>
        <translation>%1 to fill in or correct</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_view/section_list.py" line="56"/>
        <source>已填完</source>
        <translation>complete</translation>
    </message>
</context>
<context>
    <name>SectionPager</name>
    <message>
        <location filename="../../app/ui/form_view/paging.py" line="49"/>
        <source>目录…</source>
        <translation>Contents…</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_view/paging.py" line="50"/>
        <source>各部分还缺什么，选一部分转到那里（%1）</source>
        <translation>What each part still lacks; choose a part to go there (%1)</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_view/paging.py" line="56"/>
        <source>每页一组</source>
        <translation>One group per page</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_view/paging.py" line="57"/>
        <source>每页只显示表单的一部分，用“上一页”“下一页”翻页</source>
        <translation>Show one part of the form per page; turn pages with Previous and Next</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_view/paging.py" line="61"/>
        <source>上一页</source>
        <translation>Previous</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_view/paging.py" line="65"/>
        <source>下一页</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_view/paging.py" line="66"/>
        <source>先检查本页，再到下一页（%1）</source>
        <translation>Check this page, then go to the next (%1)</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_view/paging.py" line="101"/>
        <source>第 %1/%2 页：%3</source>
        <translation>Page %1/%2: %3</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="26"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="32"/>
        <source>界面语言</source>
        <translation>Interface language</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="35"/>
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="37"/>
        <source>无操作自动锁定</source>
        <translation>Auto-lock when idle</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="40"/>
        <source> 天</source>
        <translation> days</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="41"/>
        <source>不提醒</source>
        <translation>Never remind</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="43"/>
        <source>超过几天未备份时提醒</source>
        <translation>Remind when not backed up for</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="45"/>
        <source>修改密码…</source>
        <translation>Change password…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="47"/>
        <source>数据库密码</source>
        <translation>Database password</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="48"/>
        <source>界面语言在下次启动时生效。</source>
        <translation>The interface language takes effect the next time the app starts.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="52"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="53"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <location filename="../../app/ui/shortcuts.py" line="24"/>
        <source>查找农户：光标到“农户”页的查找框（从任何页面）</source>
        <translation>Find a household: the cursor goes to the search box of the Households page (from any page)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shortcuts.py" line="25"/>
        <source>扫码枪</source>
        <translation>Barcode scanner</translation>
    </message>
    <message>
        <location filename="../../app/ui/shortcuts.py" line="25"/>
        <source>先按 Ctrl+F，再扫描明白卡二维码：直接打开这一户</source>
        <translation>Press Ctrl+F, then scan the card&apos;s QR code: the household opens</translation>
    </message>
    <message>
        <location filename="../../app/ui/shortcuts.py" line="26"/>
        <source>在查找框中：立即查找；只找到一户时直接打开</source>
        <translation>In the search box: search now; opens the household when only one matches</translation>
    </message>
    <message>
        <location filename="../../app/ui/shortcuts.py" line="27"/>
        <source>在查找框中：进入查找结果；在结果中按 Enter 打开所选农户</source>
        <translation>In the search box: move into the results; Enter there opens the selected household</translation>
    </message>
    <message>
        <location filename="../../app/ui/shortcuts.py" line="28"/>
        <source>表单中到下一个 / 上一个问题；一组选项只停一次</source>
        <translation>In a form: next / previous question; a set of choices is one stop</translation>
    </message>
    <message>
        <location filename="../../app/ui/shortcuts.py" line="29"/>
        <source>方向键</source>
        <translation>Arrow keys</translation>
    </message>
    <message>
        <location filename="../../app/ui/shortcuts.py" line="29"/>
        <source>在一组选项内移动（单选题随之选中）</source>
        <translation>Move within a set of choices (a single choice is selected as you move)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shortcuts.py" line="30"/>
        <source>空格</source>
        <translation>Space</translation>
    </message>
    <message>
        <location filename="../../app/ui/shortcuts.py" line="30"/>
        <source>勾选或取消当前选项</source>
        <translation>Tick or untick the current choice</translation>
    </message>
    <message>
        <location filename="../../app/ui/shortcuts.py" line="31"/>
        <source>保存表单（保存后显示“已保存”）</source>
        <translation>Save the form (it then shows “Saved”)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shortcuts.py" line="32"/>
        <source>表单目录：各部分还缺什么，选一部分转到那里</source>
        <translation>Form contents: what each part still lacks; choose one to go there</translation>
    </message>
    <message>
        <location filename="../../app/ui/shortcuts.py" line="34"/>
        <source>表单“每页一组”时：下一页（先检查本页）/ 上一页</source>
        <translation>In a form shown one group per page: next page (this page checked first) / previous page</translation>
    </message>
    <message>
        <location filename="../../app/ui/shortcuts.py" line="35"/>
        <source>锁定（离开电脑时）</source>
        <translation>Lock (when leaving the computer)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shortcuts.py" line="36"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../app/ui/shortcuts.py" line="43"/>
        <source>快捷键</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../../app/ui/shortcuts.py" line="47"/>
        <source>按键</source>
        <translation>Keys</translation>
    </message>
    <message>
        <location filename="../../app/ui/shortcuts.py" line="47"/>
        <source>作用</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../app/ui/shortcuts.py" line="57"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../app/ui/app.py" line="90"/>
        <source>这是演示数据库，密码是“{password}”。</source>
        <translation>This is the demo database. The password is “{password}”.</translation>
    </message>
    <message>
        <location filename="../../app/ui/app.py" line="107"/>
        <source>找不到数据库文件：{path}</source>
        <translation>Database file not found: {path}</translation>
    </message>
    <message>
        <location filename="../../app/ui/app.py" line="110"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/app.py" line="130"/>
        <source>数据库服务器密码</source>
        <translation>Database server password</translation>
    </message>
    <message>
        <location filename="../../app/ui/app.py" line="131"/>
        <source>服务器要求密码：
{address}</source>
        <translation>The server asks for a password:
{address}</translation>
    </message>
</context>
<context>
    <name>StatsPage</name>
    <message>
        <location filename="../../app/ui/pages/stats.py" line="20"/>
        <source>统计概况</source>
        <translation>Statistics overview</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/stats.py" line="26"/>
        <location filename="../../app/ui/pages/stats.py" line="81"/>
        <source>农户</source>
        <translation>Households</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/stats.py" line="26"/>
        <source>人口</source>
        <translation>Population</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/stats.py" line="28"/>
        <source>待处置预警</source>
        <translation>Open warnings</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/stats.py" line="27"/>
        <location filename="../../app/ui/pages/stats.py" line="81"/>
        <source>在监测户</source>
        <translation>Monitored households</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/stats.py" line="27"/>
        <location filename="../../app/ui/pages/stats.py" line="81"/>
        <source>正在办理</source>
        <translation>In procedure</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/stats.py" line="28"/>
        <location filename="../../app/ui/pages/stats.py" line="81"/>
        <source>走访逾期户</source>
        <translation>Overdue households</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/stats.py" line="29"/>
        <source>消除风险率（按户/按人）</source>
        <translation>Risk elimination rate (households/persons)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/stats.py" line="42"/>
        <source>监测对象类别</source>
        <translation>Monitoring category</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/stats.py" line="43"/>
        <source>办理阶段</source>
        <translation>Processing stage</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/stats.py" line="51"/>
        <source>各乡镇情况</source>
        <translation>By township</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/stats.py" line="56"/>
        <source>各村情况</source>
        <translation>By village</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/stats.py" line="74"/>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/stats.py" line="74"/>
        <source>户数</source>
        <translation>Households</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/stats.py" line="76"/>
        <source>程序·阶段</source>
        <translation>Procedure · stage</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/stats.py" line="76"/>
        <source>件数</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/stats.py" line="79"/>
        <source>乡镇</source>
        <translation>Township</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/stats.py" line="80"/>
        <source>村</source>
        <translation>Village</translation>
    </message>
</context>
<context>
    <name>StepDialog</name>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="178"/>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="211"/>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="230"/>
        <source>今天</source>
        <translation>today</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="182"/>
        <source>更正原因（必填）</source>
        <translation>Reason for the correction (required)</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="189"/>
        <source>公告期</source>
        <translation>Announcement period</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="189"/>
        <source>自办理日期起 {days} 天</source>
        <translation>{days} days from the date of this step</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="199"/>
        <source>承诺授权书</source>
        <translation>Consent and authorisation form</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="200"/>
        <source>已登记：{name} {day} 签署</source>
        <translation>On record: signed by {name} on {day}</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="200"/>
        <source>（成员已作废）</source>
        <translation>(member voided)</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="202"/>
        <source>尚未登记（信息比对前须登记）</source>
        <translation>Not yet recorded (required before the data cross-check)</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="203"/>
        <source>随本步骤登记农户签署的承诺授权书</source>
        <translation>Record the household&apos;s signed consent form with this step</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="209"/>
        <source>签署人</source>
        <translation>Signed by</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="212"/>
        <source>签署日期</source>
        <translation>Signed on</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="224"/>
        <source>承诺授权书签署日期：{problem}</source>
        <translation>Consent form signing date: {problem}</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="226"/>
        <source>请选择承诺授权书的签署人（本户家庭成员）。</source>
        <translation>Choose who signed the consent form (a member of the household).</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="235"/>
        <source>办理日期：{problem}</source>
        <translation>Date: {problem}</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="166"/>
        <source>办理：{step}</source>
        <translation>Process step: {step}</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="166"/>
        <source>更正：{step}</source>
        <translation>Correct: {step}</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="176"/>
        <source>意见</source>
        <translation>Decision</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="179"/>
        <source>办理日期</source>
        <translation>Date processed</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="179"/>
        <source>正确的办理日期</source>
        <translation>Correct date of the step</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="182"/>
        <source>说明（退回或不通过时必填）</source>
        <translation>Notes (required when returning or rejecting)</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="56"/>
        <source>同步（U 盘传递同步包）</source>
        <translation>Sync (sync bundles on a USB drive)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="57"/>
        <source>导出：把本机的新修改写成同步包，用 U 盘带给乡镇工作站（或下级）。导入：读入对方带来的同步包。重复导入、迟到或顺序颠倒都不会出错。</source>
        <translation>Export: write this computer&apos;s new changes to a sync bundle and take it on a USB drive to the township station (or the level below). Import: read a sync bundle brought from the other side. Importing twice, late or out of order does no harm.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="69"/>
        <location filename="../../app/ui/pages/sync_page.py" line="262"/>
        <source>待解决的冲突</source>
        <translation>Open conflicts</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="70"/>
        <location filename="../../app/ui/pages/sync_page.py" line="147"/>
        <source>未采用的修改</source>
        <translation>Refused changes</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="71"/>
        <source>收发记录</source>
        <translation>Bundle history</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="72"/>
        <source>设备登记</source>
        <translation>Device enrollment</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="78"/>
        <source>交换同步包</source>
        <translation>Exchange sync bundles</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="81"/>
        <source>发给</source>
        <translation>Send to</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="83"/>
        <source>导出同步包…</source>
        <translation>Export sync bundle…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="84"/>
        <source>导入同步包…</source>
        <translation>Import sync bundle…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="98"/>
        <source>同步冲突</source>
        <translation>Sync conflicts</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="104"/>
        <source>改为其他值…</source>
        <translation>Change to another value…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="104"/>
        <source>恢复原值</source>
        <translation>Restore the base value</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="110"/>
        <source>查看这一户</source>
        <translation>Show the household</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="118"/>
        <source>所选冲突</source>
        <translation>Selected conflict</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="125"/>
        <source>分歧前的原值</source>
        <translation>Base value (before both edits)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="125"/>
        <source>现在的值（本机保留）</source>
        <translation>Current value (kept here)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="126"/>
        <location filename="../../app/ui/pages/sync_page.py" line="253"/>
        <source>另一个值</source>
        <translation>Other value</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="140"/>
        <source>下级送来的修改中超出其权限或范围的部分（例如网格员的审核、审定，或不属于其村的农户）没有采用，保存在这里备查。</source>
        <translation>Changes from devices below that are outside their role or scope (for example a grid worker&apos;s review or approval, or a household not in their villages) were not applied; they are kept here for the record.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="154"/>
        <source>审核后采用（作为本站的修改）</source>
        <translation>Release after review (as this station&apos;s change)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="156"/>
        <source>舍弃</source>
        <translation>Discard</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="170"/>
        <source>同步包收发记录</source>
        <translation>Sync bundle history</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="180"/>
        <source>已登记的设备</source>
        <translation>Enrolled devices</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="184"/>
        <source>登记到上级工作站</source>
        <translation>Enroll with the station above</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="186"/>
        <source>1. 生成登记申请…</source>
        <translation>1. Make enrollment request…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="188"/>
        <source>2. 导入上级的登记回执…</source>
        <translation>2. Import the station&apos;s reply…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="195"/>
        <source>登记下级设备</source>
        <translation>Enroll devices below</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="197"/>
        <source>接受登记申请…</source>
        <translation>Accept an enrollment request…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="199"/>
        <source>为下级恢复忘记的密码…</source>
        <translation>Recover a forgotten password…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="201"/>
        <source>吊销所选设备…</source>
        <translation>Revoke the selected device…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="202"/>
        <source>设备丢失或被盗时吊销：本站不再导入它的同步包，吊销记录随同步包传给上级和其他设备。</source>
        <translation>Revoke a lost or stolen device: this station stops importing its bundles, and the revocation travels with bundles to the station above and the other devices.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="224"/>
        <location filename="../../app/ui/pages/sync_page.py" line="231"/>
        <source>上级</source>
        <translation>Upper level</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="224"/>
        <location filename="../../app/ui/pages/sync_page.py" line="231"/>
        <source>下级</source>
        <translation>Lower level</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="227"/>
        <source>设备</source>
        <translation>Device</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="227"/>
        <source>上级/下级</source>
        <translation>Above/below</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="227"/>
        <source>负责范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="227"/>
        <source>最近导入</source>
        <translation>Last imported</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="228"/>
        <source>最近导出</source>
        <translation>Last exported</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="459"/>
        <source>登记申请已保存：{path}。请带到上级工作站办理，再把回执带回导入。
本机指纹：{code}（工作站办理时显示的指纹中应含有这三组数字）</source>
        <translation>Enrollment request saved: {path}. Take it to your station, then bring the reply back and import it.
This device&apos;s fingerprint: {code} (the fingerprint the station shows must contain these three groups)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="514"/>
        <source>已登记。请把回执 {path} 带回该设备导入。
指纹：{number}
该设备导入回执时会显示指纹，请当面或电话核对两边的数字完全一致。</source>
        <translation>Enrolled. Take the reply {path} back to the device and import it.
Fingerprint: {number}
The device shows the fingerprint when it imports the reply: compare both in person or by phone; they must match exactly.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="523"/>
        <source>请先在上表中选中一台本站登记的下级设备。</source>
        <translation>First select, in the table above, a device this station enrolled.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="526"/>
        <source>吊销设备</source>
        <translation>Revoke device</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="527"/>
        <source>吊销“{name}”的原因（例如：笔记本电脑丢失）：</source>
        <translation>Why revoke &quot;{name}&quot; (for example: laptop lost):</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="530"/>
        <source>吊销设备“{name}”？吊销后本站不再导入它的同步包，也不再给它导出；已经导入的修改保留。吊销不能撤销。</source>
        <translation>Revoke device &quot;{name}&quot;? This station will no longer import its bundles or export to it; changes already imported stay. A revocation cannot be undone.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="534"/>
        <source>已吊销设备“{name}”。吊销记录会随下一个同步包传给上级和本站的其他设备。</source>
        <translation>Device &quot;{name}&quot; revoked. The revocation travels with the next bundle to the station above and this station&apos;s other devices.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="235"/>
        <location filename="../../app/ui/pages/sync_page.py" line="244"/>
        <location filename="../../app/ui/pages/sync_page.py" line="302"/>
        <source>第 {n} 号</source>
        <translation>No. {n}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="237"/>
        <source>已吊销</source>
        <translation>Revoked</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="237"/>
        <source>正常</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="241"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="241"/>
        <source>收/发</source>
        <translation>In/out</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="241"/>
        <source>对方</source>
        <translation>Peer</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="242"/>
        <source>冲突</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="242"/>
        <source>未采用</source>
        <translation>Refused</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="243"/>
        <source>导入</source>
        <translation>Imported</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="243"/>
        <source>导出</source>
        <translation>Exported</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="250"/>
        <source>本机尚未登记（见下方“设备登记”）</source>
        <translation>This computer is not enrolled yet (see &quot;Device enrollment&quot; below)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="252"/>
        <source>农户</source>
        <translation>Household</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="253"/>
        <source>原值（分歧前）</source>
        <translation>Base (before both edits)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="253"/>
        <source>现在的值</source>
        <translation>Current value</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="256"/>
        <location filename="../../app/ui/pages/sync_page.py" line="396"/>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="267"/>
        <source>待处理</source>
        <translation>Pending</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="267"/>
        <source>已采用</source>
        <translation>Released</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="267"/>
        <source>已舍弃</source>
        <translation>Discarded</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="269"/>
        <source>处理</source>
        <translation>Decision</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="297"/>
        <source>正在读取变更……</source>
        <translation>Reading changes…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="297"/>
        <source>正在整理同步包内容……</source>
        <translation>Laying out the bundle contents…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="298"/>
        <source>正在压缩和加密……</source>
        <translation>Compressing and encrypting…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="298"/>
        <source>正在写入文件……</source>
        <translation>Writing the file…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="307"/>
        <source>{n} 项：{reasons}</source>
        <translation>{n}: {reasons}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="317"/>
        <source>导入同步包（可多选）</source>
        <translation>Import sync bundles (several at once)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="329"/>
        <source>正在导入 {name}……</source>
        <translation>Importing {name}…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="350"/>
        <source>有 {n} 项修改超出对方权限或范围，未采用（见“未采用的修改”）。</source>
        <translation>{n} changes were outside the sender&apos;s role or scope and were not applied (see &quot;Refused changes&quot;).</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="374"/>
        <source>选择保留的记录…</source>
        <translation>Choose the record to keep…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="377"/>
        <source>选中上表中的一项冲突，在这里对照查看。</source>
        <translation>Select a conflict in the table above to compare it here.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="381"/>
        <source>农户：{household}</source>
        <translation>Household: {household}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="382"/>
        <source>字段：{field}</source>
        <translation>Field: {field}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="390"/>
        <source>无从查考（本机记录中没有两边共同的原值）</source>
        <translation>Not known (this device&apos;s records hold no value both sides started from)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="398"/>
        <source>修改人：{user}</source>
        <translation>Changed by: {user}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="400"/>
        <source>时间：{at}</source>
        <translation>Time: {at}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="414"/>
        <source>结束哪一户的帮扶？</source>
        <translation>End the assistance of which household?</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="415"/>
        <source>处理冲突</source>
        <translation>Resolve conflict</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="414"/>
        <source>保留哪一条？</source>
        <translation>Which one to keep?</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="103"/>
        <location filename="../../app/ui/pages/sync_page.py" line="373"/>
        <source>保留现在的值</source>
        <translation>Keep the current value</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="103"/>
        <source>采用另一个值</source>
        <translation>Take the other value</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="435"/>
        <source>选中上表中的一项，在这里查看修改的内容。</source>
        <translation>Select an entry in the table above to see the change here.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="438"/>
        <source>{summary}
内容：{values}
修改人：{user}</source>
        <translation>{summary}
Contents: {values}
Changed by: {user}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="439"/>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="443"/>
        <source>采用这项修改？它将作为本站的修改写入，并在下次同步时发给其他设备。</source>
        <translation>Release this change? It will be written as this station&apos;s own change and sent to the other devices at the next sync.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="446"/>
        <source>已采用，下次同步时会发给其他设备。</source>
        <translation>Released; it will be sent to the other devices at the next sync.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="450"/>
        <source>舍弃这项修改？记录仍保留备查。</source>
        <translation>Discard this change? The record is kept for reference.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="451"/>
        <source>已舍弃。</source>
        <translation>Discarded.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="456"/>
        <source>保存登记申请</source>
        <translation>Save enrollment request</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="464"/>
        <source>导入登记回执</source>
        <translation>Import enrollment reply</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="467"/>
        <source>保存恢复密钥</source>
        <translation>Keep a recovery key</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="468"/>
        <source>请输入本机数据库密码。上级工作站将保存一份加密的恢复密钥，以后忘记密码时可以由工作站恢复：</source>
        <translation>Enter this database&apos;s password. The station above will keep an encrypted recovery key so it can recover the database if the password is forgotten:</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="478"/>
        <source>上级工作站：{name}
指纹：{number}</source>
        <translation>Station above: {name}
Fingerprint: {number}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="480"/>
        <source>上级工作站“{name}”的指纹是：

{number}

请与工作站办理登记时显示的指纹当面或电话核对。两边的数字完全一致吗？</source>
        <translation>The fingerprint of the station &quot;{name}&quot; is:

{number}

Compare it, in person or by phone, with the one the station showed when it enrolled you. Are the digits exactly the same?</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="483"/>
        <source>指纹未经确认，没有登记。</source>
        <translation>The fingerprint was not confirmed; not enrolled.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="490"/>
        <source>登记完成。以后导出的同步包会发给上级工作站，并带上恢复密钥。</source>
        <translation>Enrollment complete. Bundles exported from now on go to the station above and carry the recovery key.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="493"/>
        <source>选择登记申请</source>
        <translation>Choose enrollment request</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="500"/>
        <source>分配村</source>
        <translation>Assign village</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="500"/>
        <source>这台网格员设备负责的村：</source>
        <translation>Village this grid worker&apos;s device keeps:</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="505"/>
        <source>保存登记回执</source>
        <translation>Save enrollment reply</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="537"/>
        <source>选择忘记密码的下级数据库</source>
        <translation>Choose the database whose password was forgotten</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="537"/>
        <source>数据库 (*.db)</source>
        <translation>Databases (*.db)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="540"/>
        <source>设置新密码</source>
        <translation>Set new password</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="540"/>
        <source>下级设备的新密码（至少 6 位）：</source>
        <translation>New password for that device (at least 6 characters):</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="545"/>
        <source>已为 {path} 设置新密码，数据一项未少。</source>
        <translation>A new password is set for {path}; nothing was lost.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="563"/>
        <location filename="../../app/ui/pages/sync_page.py" line="567"/>
        <source>登记文件 (*.fpe)</source>
        <translation>Enrollment files (*.fpe)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="252"/>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="252"/>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="252"/>
        <source>说明</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="254"/>
        <source>发现时间</source>
        <translation>Detected</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="268"/>
        <source>收到时间</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="268"/>
        <source>来自</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="241"/>
        <location filename="../../app/ui/pages/sync_page.py" line="268"/>
        <source>同步包</source>
        <translation>Bundle</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="228"/>
        <source>待发送的修改</source>
        <translation>Changes to send</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="228"/>
        <source>最近收到</source>
        <translation>Last received</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="229"/>
        <source>最近发出</source>
        <translation>Last sent</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="229"/>
        <source>缺少的同步包</source>
        <translation>Missing bundles</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="229"/>
        <source>待审核的修改</source>
        <translation>Changes awaiting review</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="230"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="242"/>
        <location filename="../../app/ui/pages/sync_page.py" line="268"/>
        <source>修改</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="269"/>
        <source>修改人</source>
        <translation>Changed by</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="269"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="285"/>
        <source>导出同步包</source>
        <translation>Export sync bundle</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="286"/>
        <location filename="../../app/ui/pages/sync_page.py" line="318"/>
        <source>同步包 (*.fpb)</source>
        <translation>Sync bundles (*.fpb)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="290"/>
        <source>正在导出同步包……</source>
        <translation>Exporting sync bundle…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="311"/>
        <source>已导出第 {seq} 号同步包（{n} 项修改）：{path}</source>
        <translation>Exported sync bundle no. {seq} ({n} changes): {path}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="336"/>
        <source>正在导入同步包……</source>
        <translation>Importing sync bundle…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="343"/>
        <source>已导入 {sender} 的第 {seq} 号同步包：新修改 {applied} 项，已有 {known} 项，冲突 {c} 项。</source>
        <translation>Imported sync bundle no. {seq} from {sender}: {applied} new changes, {known} already present, {c} conflicts.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="347"/>
        <source>缺少第 {numbers} 号同步包，请让对方补带。</source>
        <translation>Sync bundle no. {numbers} is missing. Ask the other side to bring it.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="420"/>
        <source>改为其他值</source>
        <translation>Change to another value</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="420"/>
        <source>新的值：</source>
        <translation>New value:</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/sync_page.py" line="424"/>
        <source>冲突已解决，结果会在下次同步时传给对方。</source>
        <translation>Conflict resolved. The result will be sent to the other side at the next sync.</translation>
    </message>
</context>
<context>
    <name>Tasks</name>
    <message>
        <location filename="../../app/ui/tasks.py" line="76"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <location filename="../../app/ui/unlock.py" line="38"/>
        <source>防贫网格通 — 解锁</source>
        <translation>Fangpin Field — Unlock</translation>
    </message>
    <message>
        <location filename="../../app/ui/unlock.py" line="41"/>
        <source>请输入密码打开数据库</source>
        <translation>Enter your password to open the database</translation>
    </message>
    <message>
        <location filename="../../app/ui/unlock.py" line="42"/>
        <source>{user}，窗口已锁定，请输入密码继续</source>
        <translation>{user}, the window is locked. Enter your password to continue</translation>
    </message>
    <message>
        <location filename="../../app/ui/unlock.py" line="51"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../app/ui/unlock.py" line="59"/>
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../app/ui/unlock.py" line="61"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../app/ui/unlock.py" line="70"/>
        <source>请输入密码。</source>
        <translation>Please enter your password.</translation>
    </message>
    <message>
        <location filename="../../app/ui/unlock.py" line="73"/>
        <source>正在打开数据库……</source>
        <translation>Opening database…</translation>
    </message>
    <message>
        <location filename="../../app/ui/unlock.py" line="84"/>
        <source>密码不对，请重新输入。注意大小写和输入法。</source>
        <translation>Wrong password. Please try again, checking Caps Lock and your input method.</translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <location filename="../../app/ui/dialogs/visit_dialog.py" line="56"/>
        <source>入户走访：{head}户</source>
        <translation>Home visit: {head} household</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/visit_dialog.py" line="72"/>
        <source>已恢复 {saved} 保存的走访草稿。</source>
        <translation>Restored the visit draft saved at {saved}.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/visit_dialog.py" line="78"/>
        <source>保存走访</source>
        <translation>Save visit</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/visit_dialog.py" line="79"/>
        <source>稍后继续</source>
        <translation>Continue later</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/visit_dialog.py" line="80"/>
        <source>放弃草稿</source>
        <translation>Discard draft</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/visit_dialog.py" line="81"/>
        <source>删除保存的草稿，按农户现在的登记信息重新填写</source>
        <translation>Delete the saved draft and start again from the household&apos;s current register data</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/visit_dialog.py" line="119"/>
        <source>放弃这份草稿？已填写的内容将被删除，表单按农户现在的登记信息重新开始。</source>
        <translation>Discard this draft? What was entered will be deleted and the form starts again from the household&apos;s current register data.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/visit_dialog.py" line="132"/>
        <source>草稿已放弃，表单已按农户现在的登记信息重新开始。</source>
        <translation>Draft discarded; the form starts again from the household&apos;s current register data.</translation>
    </message>
</context>
<context>
    <name>VisitsPage</name>
    <message>
        <location filename="../../app/ui/pages/visits.py" line="26"/>
        <source>本月应走访</source>
        <translation>Visits due this month</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits.py" line="28"/>
        <source>开始走访</source>
        <translation>Start visit</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits.py" line="29"/>
        <source>打开农户</source>
        <translation>Open household</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits.py" line="33"/>
        <source>查看网格…</source>
        <translation>View grids…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits.py" line="35"/>
        <source>网格划分…</source>
        <translation>Grids…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits.py" line="37"/>
        <source>只看我的网格</source>
        <translation>Only my grid</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits.py" line="61"/>
        <source>逾期 {n} 天</source>
        <translation>{n} days overdue</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits.py" line="61"/>
        <source>本月到期</source>
        <translation>Due this month</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits.py" line="62"/>
        <source>监测对象</source>
        <translation>Monitored</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits.py" line="47"/>
        <source>村</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits.py" line="47"/>
        <source>户主</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits.py" line="47"/>
        <source>应走访日期</source>
        <translation>Due date</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits.py" line="47"/>
        <source>紧急程度</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits.py" line="47"/>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits.py" line="48"/>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/visits.py" line="86"/>
        <source>走访已保存，并更新了：</source>
        <translation>Visit saved. Updated:</translation>
    </message>
</context>
<context>
    <name>VisitsTab</name>
    <message>
        <location filename="../../app/ui/pages/household/visits_tab.py" line="59"/>
        <source>开始走访</source>
        <translation>Start visit</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/visits_tab.py" line="61"/>
        <source>查看走访记录</source>
        <translation>View visit record</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/visits_tab.py" line="63"/>
        <source>更正走访…</source>
        <translation>Correct visit…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/visits_tab.py" line="64"/>
        <source>走访人本人或乡镇、县级工作站可更正；原记录保留</source>
        <translation>The visitor or a township or county station may correct it; the original is kept</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/visits_tab.py" line="85"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/visits_tab.py" line="85"/>
        <source>走访人</source>
        <translation>Visited by</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/visits_tab.py" line="86"/>
        <source>情况</source>
        <translation>Summary</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/visits_tab.py" line="85"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/visits_tab.py" line="85"/>
        <source>下次走访</source>
        <translation>Next visit</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/visits_tab.py" line="86"/>
        <source>表单版本</source>
        <translation>Form version</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/visits_tab.py" line="103"/>
        <source>表单</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/visits_tab.py" line="105"/>
        <source>{title}（简易记录）</source>
        <translation>{title} (simple record)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/visits_tab.py" line="112"/>
        <source>更正 {date} 的记录：{reason}</source>
        <translation>Corrects {date}: {reason}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/visits_tab.py" line="123"/>
        <source>这次走访已经更正过，请选它最新的版本再更正。</source>
        <translation>This visit has already been corrected; select its latest version to correct it again.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/visits_tab.py" line="128"/>
        <source>只能查看：只有走访人{visitor}或乡镇、县级工作站可以更正这次走访。</source>
        <translation>View only: only the visitor {visitor} or a township or county station may correct this visit.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/visits_tab.py" line="141"/>
        <source>请先在列表中选中要更正的走访记录。</source>
        <translation>Select the visit to correct in the list first.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/visits_tab.py" line="125"/>
        <source>这条走访是简易记录（没有按表单填写），不能按表单更正。如有错误，请重新走访一次，在新记录中写明。</source>
        <translation>This visit is a simple record (not filled in with a form) and cannot be corrected with a form. If it is wrong, record a new visit and say so there.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/visits_tab.py" line="155"/>
        <source>更正已保存，并更新了：</source>
        <translation>Correction saved; updated:</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/visits_tab.py" line="163"/>
        <source>走访已保存，并更新了：</source>
        <translation>Visit saved. Updated:</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/visits_tab.py" line="165"/>
        <source>走访已保存。</source>
        <translation>Visit saved.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/visits_tab.py" line="179"/>
        <source>走访记录</source>
        <translation>Visit record</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/visits_tab.py" line="183"/>
        <source>走访记录（{date}，{visitor}）</source>
        <translation>Visit record ({date}, {visitor})</translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <location filename="../../app/ui/dialogs/void_dialog.py" line="35"/>
        <source>“{what}”将被作废：不再出现在名单和统计中，但作废原因、作废人和日期会保留在历史记录和作废记录台账里，并同步到其他设备。</source>
        <translation>“{what}” will be voided: it leaves lists and statistics, but the reason, who voided it and when are kept in the history and the voided-records ledger, and travel to the other devices.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/void_dialog.py" line="41"/>
        <source>请选择…</source>
        <translation>Please choose…</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/void_dialog.py" line="47"/>
        <source>如：2026年11月病故；与某某户重复</source>
        <translation>e.g. died November 2026; same as another household</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/void_dialog.py" line="51"/>
        <source>作废原因</source>
        <translation>Reason for voiding</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/void_dialog.py" line="53"/>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/void_dialog.py" line="60"/>
        <source>作废</source>
        <translation>Void</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/void_dialog.py" line="61"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>WarningsPage</name>
    <message>
        <location filename="../../app/ui/pages/warnings.py" line="24"/>
        <source>风险预警</source>
        <translation>Risk warnings</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/warnings.py" line="26"/>
        <source>包括已处理的</source>
        <translation>Include handled</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/warnings.py" line="29"/>
        <source>处置</source>
        <translation>Handle</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/warnings.py" line="30"/>
        <source>排除</source>
        <translation>Dismiss</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/warnings.py" line="31"/>
        <source>转为监测申报</source>
        <translation>Convert to proposal</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/warnings.py" line="32"/>
        <source>打开农户</source>
        <translation>Open household</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/warnings.py" line="33"/>
        <source>导入部门数据…</source>
        <translation>Import department data…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/warnings.py" line="39"/>
        <source>村</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/warnings.py" line="39"/>
        <source>户主</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/warnings.py" line="39"/>
        <source>预警</source>
        <translation>Warning</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/warnings.py" line="39"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/warnings.py" line="39"/>
        <source>发出日期</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/warnings.py" line="40"/>
        <source>已过天数</source>
        <translation>Days elapsed</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/warnings.py" line="40"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/warnings.py" line="40"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
</context>
<context>
    <name>WarningsTab</name>
    <message>
        <location filename="../../app/ui/pages/household/warnings_tab.py" line="25"/>
        <source>处置</source>
        <translation>Handle</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/warnings_tab.py" line="25"/>
        <source>排除</source>
        <translation>Dismiss</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/warnings_tab.py" line="29"/>
        <source>转为监测申报</source>
        <translation>Convert to proposal</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/warnings_tab.py" line="39"/>
        <source>预警</source>
        <translation>Warning</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/warnings_tab.py" line="39"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/warnings_tab.py" line="39"/>
        <source>发出日期</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/warnings_tab.py" line="39"/>
        <source>天数</source>
        <translation>Days</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/warnings_tab.py" line="40"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/household/warnings_tab.py" line="40"/>
        <source>处置情况</source>
        <translation>Handling notes</translation>
    </message>
</context>
<context>
    <name>_ActionDialog</name>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="54"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/case_dialogs.py" line="55"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>_DemoPage</name>
    <message>
        <location filename="../../app/ui/first_run.py" line="139"/>
        <source>演示数据库</source>
        <translation>Demo database</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="141"/>
        <source>将创建一个含 {n} 户演示农户的武邑县数据库，用时约半分钟。
演示数据库的密码是“demo”。以后可以在“文件 → 打开数据库”中打开其他数据库。</source>
        <translation>This creates a Wuyi County database with {n} demo households. It takes about half a minute.
The demo database password is “demo”. You can open another database later with File → Open database.</translation>
    </message>
</context>
<context>
    <name>_FilePage</name>
    <message>
        <location filename="../../app/ui/excel_import.py" line="46"/>
        <location filename="../../app/ui/excel_import.py" line="80"/>
        <source>选择表格</source>
        <translation>Choose a spreadsheet</translation>
    </message>
    <message>
        <location filename="../../app/ui/excel_import.py" line="47"/>
        <source>花名册、收入台账或帮扶责任人台账（.xlsx）。标题行、多行表头、合并单元格都可以。</source>
        <translation>A roster, income ledger or assistance-officer ledger (.xlsx). Title rows, multi-row headers and merged cells are fine.</translation>
    </message>
    <message>
        <location filename="../../app/ui/excel_import.py" line="51"/>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_import.py" line="31"/>
        <location filename="../../app/ui/excel_import.py" line="55"/>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../app/ui/excel_import.py" line="57"/>
        <source>表格中有“村”列</source>
        <translation>The sheet has a village column</translation>
    </message>
    <message>
        <location filename="../../app/ui/excel_import.py" line="64"/>
        <source>所属村</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../app/ui/excel_import.py" line="67"/>
        <source>可选：以前保存的列对应模板（.json）</source>
        <translation>Optional: a column template saved earlier (.json)</translation>
    </message>
    <message>
        <location filename="../../app/ui/excel_import.py" line="68"/>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../app/ui/excel_import.py" line="72"/>
        <source>列对应模板</source>
        <translation>Column template</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_import.py" line="26"/>
        <location filename="../../app/ui/dialogs/national_import.py" line="30"/>
        <source>选择全国系统导出的文件</source>
        <translation>Choose the national system&apos;s export</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_import.py" line="27"/>
        <source>全国防返贫监测信息系统导出的户成员信息（.xlsx）。户按户编号或户主身份证号、成员按身份证号对应，不会重复；监测记录和帮扶措施作为历史导入，不重走识别程序。</source>
        <translation>The household and member export of the national monitoring system (.xlsx). Households are matched by household number or the head&apos;s ID number and members by ID number, never duplicated; monitoring records and measures are imported as history, without re-running identification.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_import.py" line="33"/>
        <source>不填则用程序自带的信息采集表模板</source>
        <translation>Leave empty to use the built-in template</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_import.py" line="34"/>
        <source>本县模板</source>
        <translation>County template</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_import.py" line="30"/>
        <location filename="../../app/ui/excel_import.py" line="81"/>
        <source>Excel 表格 (*.xlsx *.xlsm *.xls)</source>
        <translation>Excel workbooks (*.xlsx *.xlsm *.xls)</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_import.py" line="32"/>
        <location filename="../../app/ui/excel_import.py" line="86"/>
        <source>选择模板</source>
        <translation>Choose template</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_import.py" line="32"/>
        <location filename="../../app/ui/excel_import.py" line="86"/>
        <source>模板 (*.json)</source>
        <translation>Templates (*.json)</translation>
    </message>
</context>
<context>
    <name>_MappingPage</name>
    <message>
        <location filename="../../app/ui/excel_import.py" line="106"/>
        <source>核对列的对应</source>
        <translation>Check the columns</translation>
    </message>
    <message>
        <location filename="../../app/ui/excel_import.py" line="107"/>
        <source>系统已按列名自动识别，请逐列核对；不需要的列选“（不导入）”。</source>
        <translation>Columns were recognised by their names. Check each one; choose &quot;(not imported)&quot; for columns you do not need.</translation>
    </message>
    <message>
        <location filename="../../app/ui/excel_import.py" line="112"/>
        <source>收入年度</source>
        <translation>Income year</translation>
    </message>
    <message>
        <location filename="../../app/ui/excel_import.py" line="117"/>
        <source>保存为模板…</source>
        <translation>Save as template…</translation>
    </message>
    <message>
        <location filename="../../app/ui/excel_import.py" line="132"/>
        <source>列</source>
        <translation>Column</translation>
    </message>
    <message>
        <location filename="../../app/ui/excel_import.py" line="132"/>
        <source>表格中的列名</source>
        <translation>Column name in the sheet</translation>
    </message>
    <message>
        <location filename="../../app/ui/excel_import.py" line="132"/>
        <source>导入为</source>
        <translation>Import as</translation>
    </message>
    <message>
        <location filename="../../app/ui/excel_import.py" line="168"/>
        <source>保存列对应模板</source>
        <translation>Save column template</translation>
    </message>
    <message>
        <location filename="../../app/ui/excel_import.py" line="169"/>
        <source>模板 (*.json)</source>
        <translation>Templates (*.json)</translation>
    </message>
</context>
<context>
    <name>_NationalResultPage</name>
    <message>
        <location filename="../../app/ui/dialogs/national_import.py" line="60"/>
        <source>监测记录 {cases} 条、帮扶措施 {measures} 项作为历史导入。</source>
        <translation>{cases} monitoring records and {measures} measures imported as history.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_import.py" line="61"/>
        <source>将导入监测记录 {cases} 条、帮扶措施 {measures} 项（作为历史，不重走识别程序）。</source>
        <translation>{cases} monitoring records and {measures} measures will be imported (as history, identification is not re-run).</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/national_import.py" line="64"/>
        <source>以下各户的监测信息未导入（户和成员照常导入）：</source>
        <translation>The monitoring data of these households was not imported (households and members were):</translation>
    </message>
</context>
<context>
    <name>_ScopePage</name>
    <message>
        <location filename="../../app/ui/first_run.py" line="55"/>
        <source>角色和工作范围</source>
        <translation>Role and work area</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="56"/>
        <source>网格员选择所管的村，乡镇工作站选择乡镇，县防贫中心选择县。</source>
        <translation>Grid workers choose the villages they cover, township stations choose the township, and county centers choose the county.</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="64"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="65"/>
        <source>县（市、区）</source>
        <translation>County (city, district)</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="66"/>
        <source>乡镇（街道）</source>
        <translation>Township (subdistrict)</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="67"/>
        <source>村（社区）</source>
        <translation>Village (community)</translation>
    </message>
</context>
<context>
    <name>_StartPage</name>
    <message>
        <location filename="../../app/ui/first_run.py" line="37"/>
        <source>欢迎使用防贫网格通</source>
        <translation>Welcome to Fangpin Field</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="38"/>
        <source>数据只保存在这台电脑上，并用您的密码加密。</source>
        <translation>Data is stored only on this computer, encrypted with your password.</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="40"/>
        <source>先用演示数据试一试（武邑县 2000 户演示农户，密码 demo）</source>
        <translation>Try it with demo data first (2,000 demo households in Wuyi County, password demo)</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="41"/>
        <source>为本机建立工作数据库（选择角色和工作范围）</source>
        <translation>Create a working database for this computer (choose role and work area)</translation>
    </message>
</context>
<context>
    <name>_UserPage</name>
    <message>
        <location filename="../../app/ui/first_run.py" line="102"/>
        <source>使用人和密码</source>
        <translation>User and password</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="103"/>
        <source>密码用来加密数据库，忘记后只能由乡镇工作站帮助恢复，请牢记。</source>
        <translation>The password encrypts the database. If you forget it, only the township station can help recover it, so keep it safe.</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="113"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="114"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="115"/>
        <source>再输一次密码</source>
        <translation>Confirm password</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="123"/>
        <source>请填写使用人姓名。</source>
        <translation>Please enter the user&apos;s name.</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="128"/>
        <source>两次输入的密码不一样，请重新输入。</source>
        <translation>The passwords don&apos;t match. Please enter them again.</translation>
    </message>
</context>
</TS>
