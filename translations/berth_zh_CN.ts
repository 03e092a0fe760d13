<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CommitDialog</name>
    <message>
        <source>Commit a Container</source>
        <translation>提交容器</translation>
    </message>
    <message>
        <source>&amp;Name and tag:</source>
        <translation>名称和标签(&amp;N)：</translation>
    </message>
    <message>
        <source>custom_httpd:v1</source>
        <translation>custom_httpd:v1</translation>
    </message>
    <message>
        <source>Image name and tag</source>
        <translation>镜像名称和标签</translation>
    </message>
    <message>
        <source>&amp;Message:</source>
        <translation>说明(&amp;M)：</translation>
    </message>
    <message>
        <source>Commit message</source>
        <translation>提交说明</translation>
    </message>
    <message>
        <source>&amp;Author:</source>
        <translation>作者(&amp;A)：</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>作者</translation>
    </message>
    <message>
        <source>&amp;Changes:</source>
        <translation>更改(&amp;C)：</translation>
    </message>
    <message>
        <source>One Dockerfile instruction a line, e.g. CMD [&quot;httpd&quot;, &quot;-f&quot;]</source>
        <translation>每行一条 Dockerfile 指令，例如 CMD [&quot;httpd&quot;, &quot;-f&quot;]</translation>
    </message>
    <message>
        <source>Config changes</source>
        <translation>配置更改</translation>
    </message>
    <message>
        <source>&amp;Pause the container while committing</source>
        <translation>提交时暂停容器(&amp;P)</translation>
    </message>
    <message>
        <source>Equivalent command:</source>
        <translation>等效命令：</translation>
    </message>
    <message>
        <source>Equivalent docker commit command</source>
        <translation>等效的 docker commit 命令</translation>
    </message>
</context>
<context>
    <name>EditNetworkingDialog</name>
    <message>
        <source>Edit Ports and Links</source>
        <translation>编辑端口和链接</translation>
    </message>
    <message>
        <source>Published ports (-p)</source>
        <translation>发布的端口 (-p)</translation>
    </message>
    <message>
        <source>Links (--link)</source>
        <translation>链接 (--link)</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import an Image</source>
        <translation>导入镜像</translation>
    </message>
    <message>
        <source>Makes an image from a root file system tarball (tar, tar.gz, tar.bz2, tar.xz or tar.zst), like docker import.</source>
        <translation>从根文件系统 tar 包（tar、tar.gz、tar.bz2、tar.xz 或 tar.zst）创建镜像，与 docker import 相同。</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>文件(&amp;F)：</translation>
    </message>
    <message>
        <source>Tarball to import</source>
        <translation>要导入的 tar 包</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Name and tag:</source>
        <translation>名称和标签(&amp;N)：</translation>
    </message>
    <message>
        <source>busybox:latest</source>
        <translation>busybox:latest</translation>
    </message>
    <message>
        <source>Image name and tag</source>
        <translation>镜像名称和标签</translation>
    </message>
</context>
<context>
    <name>LayerPreview</name>
    <message>
        <source>cached</source>
        <translation>已缓存</translation>
    </message>
    <message>
        <source>would rebuild</source>
        <translation>将重新构建</translation>
    </message>
    <message>
        <source>would rebuild (edited)</source>
        <translation>将重新构建（已编辑）</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation>不可用</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>检查中…</translation>
    </message>
    <message>
        <source>The target stage does not need this stage, so no build runs it.</source>
        <translation>目标阶段不需要此阶段，因此构建不会运行它。</translation>
    </message>
</context>
<context>
    <name>LinkEditor</name>
    <message>
        <source>Each link lets this container reach a running container by its name or an alias (--link NAME:ALIAS).</source>
        <translation>每个链接让此容器可以通过名称或别名访问一个正在运行的容器（--link 名称:别名）。</translation>
    </message>
    <message>
        <source>Links to other containers</source>
        <translation>到其他容器的链接</translation>
    </message>
    <message>
        <source>Container</source>
        <translation>容器</translation>
    </message>
    <message>
        <source>Alias</source>
        <translation>别名</translation>
    </message>
    <message>
        <source>Add &amp;Link</source>
        <translation>添加链接(&amp;L)</translation>
    </message>
    <message>
        <source>Link to one of the engine&apos;s running containers</source>
        <translation>链接到引擎中一个正在运行的容器</translation>
    </message>
    <message>
        <source>Remove Lin&amp;k</source>
        <translation>移除链接(&amp;K)</translation>
    </message>
</context>
<context>
    <name>LoadDialog</name>
    <message>
        <source>Load Images</source>
        <translation>加载镜像</translation>
    </message>
    <message>
        <source>Loads the images of an archive made by docker save, podman save or Berth (Docker&apos;s format or an OCI layout, plain or compressed), like docker load.</source>
        <translation>加载由 docker save、podman save 或 Berth 生成的归档中的镜像（Docker 格式或 OCI 布局，压缩或未压缩），与 docker load 相同。</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>文件(&amp;F)：</translation>
    </message>
    <message>
        <source>Archive to load</source>
        <translation>要加载的归档</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Load progress</source>
        <translation>加载进度</translation>
    </message>
    <message>
        <source>Loaded images</source>
        <translation>已加载的镜像</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Log In to a Registry</source>
        <translation>登录镜像仓库</translation>
    </message>
    <message>
        <source>The engine checks the user name and password with the registry, like docker login.</source>
        <translation>引擎会向镜像仓库验证用户名和密码，与 docker login 相同。</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>服务器(&amp;S)：</translation>
    </message>
    <message>
        <source>registry.example.com:5000</source>
        <translation>registry.example.com:5000</translation>
    </message>
    <message>
        <source>Registry server</source>
        <translation>镜像仓库服务器</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>&amp;Remember on this computer</source>
        <translation>在此计算机上记住(&amp;R)</translation>
    </message>
</context>
<context>
    <name>PortForwardEditor</name>
    <message>
        <source>Port forwards</source>
        <translation>端口转发</translation>
    </message>
    <message>
        <source>Host IP</source>
        <translation>主机 IP</translation>
    </message>
    <message>
        <source>Host port or range</source>
        <translation>主机端口或范围</translation>
    </message>
    <message>
        <source>Container port or range</source>
        <translation>容器端口或范围</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>协议</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <source>From the image&apos;s &amp;EXPOSE</source>
        <translation>来自镜像的 EXPOSE(&amp;E)</translation>
    </message>
    <message>
        <source>Add a row for each port the image declares with EXPOSE</source>
        <translation>为镜像用 EXPOSE 声明的每个端口添加一行</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>删除(&amp;R)</translation>
    </message>
</context>
<context>
    <name>PullDialog</name>
    <message>
        <source>Pull an Image</source>
        <translation>拉取镜像</translation>
    </message>
    <message>
        <source>Downloads an image from its registry, like docker pull. A name without a registry host is on Docker Hub.</source>
        <translation>从镜像仓库下载镜像，与 docker pull 相同。不含仓库主机的名称指向 Docker Hub。</translation>
    </message>
    <message>
        <source>&amp;Image:</source>
        <translation>镜像(&amp;I)：</translation>
    </message>
    <message>
        <source>registry.example.com/team/app</source>
        <translation>registry.example.com/team/app</translation>
    </message>
    <message>
        <source>Image name</source>
        <translation>镜像名称</translation>
    </message>
    <message>
        <source>&amp;Tag:</source>
        <translation>标签(&amp;T)：</translation>
    </message>
    <message>
        <source>Image tag</source>
        <translation>镜像标签</translation>
    </message>
    <message>
        <source>Pull progress</source>
        <translation>拉取进度</translation>
    </message>
</context>
<context>
    <name>PushDialog</name>
    <message>
        <source>Push an Image</source>
        <translation>推送镜像</translation>
    </message>
    <message>
        <source>Image:</source>
        <translation>镜像：</translation>
    </message>
    <message>
        <source>Registry:</source>
        <translation>镜像仓库：</translation>
    </message>
    <message>
        <source>Push progress</source>
        <translation>推送进度</translation>
    </message>
    <message>
        <source>Uploads the image to the registry its name starts with, like docker push. Nothing is sent until you click Push. Layers the registry has already are not sent again.</source>
        <translation>把镜像上传到其名称开头所指的仓库服务，同 docker push。点击“推送”之前不会发送任何内容。仓库服务已有的层不会再次发送。</translation>
    </message>
    <message>
        <source>Push &amp;as:</source>
        <translation>推送为(&amp;A)：</translation>
    </message>
    <message>
        <source>The name and tag to push under. A different name is tagged on the image first, like docker tag.</source>
        <translation>推送时使用的名称和标签。不同的名称会先像 docker tag 一样标记到镜像上。</translation>
    </message>
    <message>
        <source>Destination:</source>
        <translation>目标：</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Removed port: %1</source>
        <translation>移除的端口：%1</translation>
    </message>
    <message>
        <source>Added port: %1</source>
        <translation>新增的端口：%1</translation>
    </message>
    <message>
        <source>Removed link: %1</source>
        <translation>移除的链接：%1</translation>
    </message>
    <message>
        <source>Added link: %1</source>
        <translation>新增的链接：%1</translation>
    </message>
</context>
<context>
    <name>RenameDialog</name>
    <message>
        <source>Rename Container</source>
        <translation>重命名容器</translation>
    </message>
    <message>
        <source>New &amp;name:</source>
        <translation>新名称(&amp;N)：</translation>
    </message>
    <message>
        <source>New container name</source>
        <translation>新的容器名称</translation>
    </message>
</context>
<context>
    <name>RunDialog</name>
    <message>
        <source>Run a Container</source>
        <translation>运行容器</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>&amp;Image:</source>
        <translation>镜像(&amp;I)：</translation>
    </message>
    <message>
        <source>busybox:latest</source>
        <translation>busybox:latest</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>镜像</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>Chosen by the engine when empty</source>
        <translation>留空时由引擎选择</translation>
    </message>
    <message>
        <source>Container name</source>
        <translation>容器名称</translation>
    </message>
    <message>
        <source>&amp;Command:</source>
        <translation>命令(&amp;C)：</translation>
    </message>
    <message>
        <source>The image&apos;s default command when empty</source>
        <translation>留空时使用镜像的默认命令</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>&amp;Entrypoint:</source>
        <translation>入口点(&amp;E)：</translation>
    </message>
    <message>
        <source>Entrypoint</source>
        <translation>入口点</translation>
    </message>
    <message>
        <source>Keep standard input open (-i)</source>
        <translation>保持标准输入打开 (-i)</translation>
    </message>
    <message>
        <source>Allocate a terminal (-t)</source>
        <translation>分配终端 (-t)</translation>
    </message>
    <message>
        <source>Run in the background (-d)</source>
        <translation>在后台运行 (-d)</translation>
    </message>
    <message>
        <source>Remove when it exits (--rm)</source>
        <translation>退出后删除 (--rm)</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>环境</translation>
    </message>
    <message>
        <source>Environment variables</source>
        <translation>环境变量</translation>
    </message>
    <message>
        <source>Variable</source>
        <translation>变量</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>删除(&amp;R)</translation>
    </message>
    <message>
        <source>Volumes</source>
        <translation>卷</translation>
    </message>
    <message>
        <source>Volume mappings</source>
        <translation>卷映射</translation>
    </message>
    <message>
        <source>Host path or volume</source>
        <translation>主机路径或卷</translation>
    </message>
    <message>
        <source>Container path</source>
        <translation>容器路径</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>只读</translation>
    </message>
    <message>
        <source>A&amp;dd</source>
        <translation>添加(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Folder…</source>
        <translation>文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>Bind a host folder into the container</source>
        <translation>将主机文件夹绑定到容器中</translation>
    </message>
    <message>
        <source>F&amp;ile…</source>
        <translation>文件(&amp;I)…</translation>
    </message>
    <message>
        <source>Bind a single host file into the container</source>
        <translation>将单个主机文件绑定到容器中</translation>
    </message>
    <message>
        <source>&amp;Volume</source>
        <translation>卷(&amp;V)</translation>
    </message>
    <message>
        <source>Mount a named volume the engine has</source>
        <translation>挂载引擎中已有的命名卷</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>删除(&amp;M)</translation>
    </message>
    <message>
        <source>Map &amp;These</source>
        <translation>映射这些路径(&amp;T)</translation>
    </message>
    <message>
        <source>Add a row for each path the image declares with VOLUME</source>
        <translation>为镜像用 VOLUME 声明的每个路径添加一行</translation>
    </message>
    <message>
        <source>Volumes from other containers (--volumes-from):</source>
        <translation>来自其他容器的卷 (--volumes-from)：</translation>
    </message>
    <message>
        <source>Containers whose volumes are repeated</source>
        <translation>复用其卷的容器</translation>
    </message>
    <message>
        <source>Container</source>
        <translation>容器</translation>
    </message>
    <message>
        <source>Add &amp;Container</source>
        <translation>添加容器(&amp;C)</translation>
    </message>
    <message>
        <source>Remo&amp;ve</source>
        <translation>删除(&amp;V)</translation>
    </message>
    <message>
        <source>Ports</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Publish every port the image exposes to a free host port (-P)</source>
        <translation>将镜像暴露的每个端口发布到空闲的主机端口 (-P)</translation>
    </message>
    <message>
        <source>Links</source>
        <translation>链接</translation>
    </message>
    <message>
        <source>Resources</source>
        <translation>资源</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>重启</translation>
    </message>
    <message>
        <source>Restart &amp;policy:</source>
        <translation>重启策略(&amp;P)：</translation>
    </message>
    <message>
        <source>Restart policy</source>
        <translation>重启策略</translation>
    </message>
    <message>
        <source>&amp;Maximum retries:</source>
        <translation>最大重试次数(&amp;M)：</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>无限制</translation>
    </message>
    <message>
        <source>Maximum retries</source>
        <translation>最大重试次数</translation>
    </message>
    <message>
        <source>Equivalent docker run command</source>
        <translation>等效的 docker run 命令</translation>
    </message>
    <message>
        <source>Cop&amp;y</source>
        <translation>复制(&amp;Y)</translation>
    </message>
    <message>
        <source>&amp;Paste a docker run line…</source>
        <translation>粘贴 docker run 命令行(&amp;P)…</translation>
    </message>
    <message>
        <source>E&amp;quivalent command:</source>
        <translation>等效命令(&amp;Q)：</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <source>&amp;Automatic: the system engine when this account may use it, otherwise the bundled engine (berthd, started and stopped by the studio as root)</source>
        <translation>自动(&amp;A)：此账户可以使用系统引擎时使用系统引擎，否则使用内置引擎（berthd，由 Studio 以 root 身份启动和停止）</translation>
    </message>
    <message>
        <source>Connect to &amp;another engine:</source>
        <translation>连接到其他引擎(&amp;A)：</translation>
    </message>
    <message>
        <source>Found on this machine:</source>
        <translation>在本机上找到：</translation>
    </message>
    <message>
        <source>Engines found on this machine</source>
        <translation>在本机上找到的引擎</translation>
    </message>
    <message>
        <source>unix:///run/docker.sock or tcp://127.0.0.1:2375</source>
        <translation>unix:///run/docker.sock 或 tcp://127.0.0.1:2375</translation>
    </message>
    <message>
        <source>Engine endpoint</source>
        <translation>引擎端点</translation>
    </message>
    <message>
        <source>Any Docker Engine API endpoint works: a Docker or Podman socket, or another berthd.</source>
        <translation>任何 Docker Engine API 端点均可：Docker 或 Podman 套接字，或另一个 berthd。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>A new language takes effect when Berth Studio starts again.</source>
        <translation>新的语言将在 Berth Studio 下次启动时生效。</translation>
    </message>
</context>
<context>
    <name>UpdateDialog</name>
    <message>
        <source>Update Resources</source>
        <translation>更新资源</translation>
    </message>
    <message>
        <source>&amp;Restart policy:</source>
        <translation>重启策略(&amp;R)：</translation>
    </message>
    <message>
        <source>Restart policy</source>
        <translation>重启策略</translation>
    </message>
    <message>
        <source>Maximum re&amp;tries:</source>
        <translation>最大重试次数(&amp;T)：</translation>
    </message>
    <message>
        <source>Maximum retries on failure</source>
        <translation>失败时的最大重试次数</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>无限制</translation>
    </message>
</context>
<context>
    <name>berth::studio::ArchiveTransfers</name>
    <message>
        <source>Tar archives (*.tar);;All files (*)</source>
        <translation>Tar 归档 (*.tar);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Saving %1</source>
        <translation>正在保存 %1</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Save to %1</source>
        <translation>保存到 %1</translation>
    </message>
    <message>
        <source>Exporting %1</source>
        <translation>正在导出 %1</translation>
    </message>
    <message>
        <source>Exported %1 to %2</source>
        <translation>已将 %1 导出到 %2</translation>
    </message>
    <message>
        <source>Export of %1</source>
        <translation>导出 %1</translation>
    </message>
</context>
<context>
    <name>berth::studio::BuildPanel</name>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Do not use the build cache</source>
        <translation>不使用构建缓存</translation>
    </message>
    <message>
        <source>Build</source>
        <translation>构建</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>The folder sent to the engine as the build context</source>
        <translation>作为构建上下文发送给引擎的文件夹</translation>
    </message>
    <message>
        <source>Build context folder</source>
        <translation>构建上下文文件夹</translation>
    </message>
    <message>
        <source>Dockerfile path in the context</source>
        <translation>Dockerfile 在上下文中的路径</translation>
    </message>
    <message>
        <source>name:tag, separated by spaces</source>
        <translation>名称:标签，以空格分隔</translation>
    </message>
    <message>
        <source>Image tags</source>
        <translation>镜像标签</translation>
    </message>
    <message>
        <source>Build arg</source>
        <translation>构建参数</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Build args</source>
        <translation>构建参数</translation>
    </message>
    <message>
        <source>Target stage</source>
        <translation>目标阶段</translation>
    </message>
    <message>
        <source>Build the editor&apos;s Dockerfile (Ctrl+B)</source>
        <translation>构建编辑器中的 Dockerfile (Ctrl+B)</translation>
    </message>
    <message>
        <source>Context:</source>
        <translation>上下文：</translation>
    </message>
    <message>
        <source>Dockerfile:</source>
        <translation>Dockerfile：</translation>
    </message>
    <message>
        <source>Tags:</source>
        <translation>标签：</translation>
    </message>
    <message>
        <source>Target stage:</source>
        <translation>目标阶段：</translation>
    </message>
    <message>
        <source>Build args:</source>
        <translation>构建参数：</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>Instruction</source>
        <translation>指令</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Build steps</source>
        <translation>构建步骤</translation>
    </message>
    <message>
        <source>Build log</source>
        <translation>构建日志</translation>
    </message>
    <message>
        <source>(last stage)</source>
        <translation>（最后一个阶段）</translation>
    </message>
    <message>
        <source>stage %1</source>
        <translation>阶段 %1</translation>
    </message>
    <message>
        <source>Choose a context folder and connect to an engine to build</source>
        <translation>选择上下文文件夹并连接到引擎后即可构建</translation>
    </message>
    <message>
        <source>Building %1</source>
        <translation>正在构建 %1</translation>
    </message>
    <message>
        <source>Cancelling the build…</source>
        <translation>正在取消构建…</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>cached</source>
        <translation>已缓存</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Built image %1.</source>
        <translation>已构建镜像 %1。</translation>
    </message>
    <message>
        <source>The build was cancelled.</source>
        <translation>构建已取消。</translation>
    </message>
    <message>
        <source>The build failed: %1</source>
        <translation>构建失败：%1</translation>
    </message>
    <message>
        <source>Built %1</source>
        <translation>已构建 %1</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
</context>
<context>
    <name>berth::studio::CommitDialog</name>
    <message>
        <source>&quot;%1&quot; cannot be changed by a commit; use CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, USER, VOLUME or WORKDIR.</source>
        <translation>提交无法更改“%1”；请使用 CMD、ENTRYPOINT、ENV、EXPOSE、LABEL、ONBUILD、USER、VOLUME 或 WORKDIR。</translation>
    </message>
    <message>
        <source>Commit %1</source>
        <translation>提交 %1</translation>
    </message>
    <message>
        <source>Makes an image from the files %1 changed, on top of its image, like docker commit. Data in its volumes is not part of the image.</source>
        <translation>在其镜像之上，用 %1 更改过的文件生成一个镜像，与 docker commit 相同。卷中的数据不包含在镜像中。</translation>
    </message>
    <message>
        <source>&amp;Commit</source>
        <translation>提交(&amp;C)</translation>
    </message>
    <message>
        <source>Not an image name: use lower-case letters, digits and -_./ with an optional :tag.</source>
        <translation>不是有效的镜像名称：请使用小写字母、数字和 -_./，可带 :标签。</translation>
    </message>
</context>
<context>
    <name>berth::studio::ContainerFiles</name>
    <message>
        <source>&amp;Up</source>
        <translation>上一级(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Download…</source>
        <translation>下载(&amp;D)…</translation>
    </message>
    <message>
        <source>U&amp;pload…</source>
        <translation>上传(&amp;P)…</translation>
    </message>
    <message>
        <source>Path in the container</source>
        <translation>容器中的路径</translation>
    </message>
    <message>
        <source>Upload &amp;File…</source>
        <translation>上传文件(&amp;F)…</translation>
    </message>
    <message>
        <source>Upload F&amp;older…</source>
        <translation>上传文件夹(&amp;O)…</translation>
    </message>
    <message>
        <source>Listing %1…</source>
        <translation>正在列出 %1…</translation>
    </message>
    <message>
        <source>Could not list %1: %2</source>
        <translation>无法列出 %1：%2</translation>
    </message>
    <message numerus="yes">
        <source>%n entries</source>
        <translation>
            <numerusform>%n 个条目</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entries; deleted since the image: %1</source>
        <translation>
            <numerusform>%n 个条目；自镜像以来已删除：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Select a file or folder to download.</source>
        <translation>请选择要下载的文件或文件夹。</translation>
    </message>
    <message>
        <source>Download into folder</source>
        <translation>下载到文件夹</translation>
    </message>
    <message>
        <source>Upload file</source>
        <translation>上传文件</translation>
    </message>
    <message>
        <source>Upload folder</source>
        <translation>上传文件夹</translation>
    </message>
    <message>
        <source>Downloading %1…</source>
        <translation>正在下载 %1…</translation>
    </message>
    <message>
        <source>Downloaded %1 to %2</source>
        <translation>已将 %1 下载到 %2</translation>
    </message>
    <message>
        <source>Could not download %1: %2</source>
        <translation>无法下载 %1：%2</translation>
    </message>
    <message>
        <source>Uploading %1…</source>
        <translation>正在上传 %1…</translation>
    </message>
    <message>
        <source>Uploaded %1 to %2</source>
        <translation>已将 %1 上传到 %2</translation>
    </message>
    <message>
        <source>Could not upload %1: %2</source>
        <translation>无法上传 %1：%2</translation>
    </message>
</context>
<context>
    <name>berth::studio::ContainerFilesModel</name>
    <message>
        <source>%1 -&gt; %2</source>
        <translation>%1 -&gt; %2</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>已添加</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>已更改</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Permissions</source>
        <translation>权限</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>修改时间</translation>
    </message>
    <message>
        <source>Since Image</source>
        <translation>相对镜像</translation>
    </message>
</context>
<context>
    <name>berth::studio::ContainerInspectView</name>
    <message>
        <source>Container inspect data</source>
        <translation>容器的 inspect 数据</translation>
    </message>
    <message>
        <source>Search the inspect data</source>
        <translation>搜索 inspect 数据</translation>
    </message>
    <message>
        <source>Could not read the inspect data of %1: %2</source>
        <translation>无法读取 %1 的 inspect 数据：%2</translation>
    </message>
</context>
<context>
    <name>berth::studio::ContainerLogsView</name>
    <message>
        <source>&amp;Follow</source>
        <translation>跟随(&amp;F)</translation>
    </message>
    <message>
        <source>T&amp;imestamps</source>
        <translation>时间戳(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Wrap lines</source>
        <translation>自动换行(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Save…</source>
        <translation>保存(&amp;S)…</translation>
    </message>
    <message>
        <source>Keep reading new lines as the container writes them</source>
        <translation>容器写出新行时继续读取</translation>
    </message>
    <message>
        <source>Start every line with the time the engine received it</source>
        <translation>在每行开头显示引擎收到该行的时间</translation>
    </message>
    <message>
        <source>Write the log as shown to a file</source>
        <translation>把当前显示的日志写入文件</translation>
    </message>
    <message>
        <source>Container logs</source>
        <translation>容器日志</translation>
    </message>
    <message>
        <source>Search the logs</source>
        <translation>搜索日志</translation>
    </message>
    <message>
        <source>[Logs unavailable: %1]</source>
        <translation>[日志不可用：%1]</translation>
    </message>
    <message>
        <source>Save the Logs of %1</source>
        <translation>保存 %1 的日志</translation>
    </message>
    <message>
        <source>Log files (*.log *.txt);;All files (*)</source>
        <translation>日志文件 (*.log *.txt);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>berth::studio::ContainerOverview</name>
    <message>
        <source> (read-only)</source>
        <translation>（只读）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Mounts:</source>
        <translation>挂载：</translation>
    </message>
    <message>
        <source>%1 as %2</source>
        <translation>%1，别名 %2</translation>
    </message>
    <message>
        <source>Links:</source>
        <translation>链接：</translation>
    </message>
    <message>
        <source>Environment:</source>
        <translation>环境变量：</translation>
    </message>
    <message>
        <source>Labels:</source>
        <translation>标签：</translation>
    </message>
    <message>
        <source>Copy as &amp;docker run</source>
        <translation>复制为 &amp;docker run 命令</translation>
    </message>
    <message>
        <source>Container overview</source>
        <translation>容器概览</translation>
    </message>
    <message>
        <source>Copy the docker run command line that would run a container like this one</source>
        <translation>复制能运行出同样容器的 docker run 命令行</translation>
    </message>
</context>
<context>
    <name>berth::studio::ContainerStatsView</name>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>接收</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>读取</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>写入</translation>
    </message>
    <message>
        <source>CPU (%)</source>
        <translation>CPU (%)</translation>
    </message>
    <message>
        <source>Memory (MiB)</source>
        <translation>内存 (MiB)</translation>
    </message>
    <message>
        <source>Network (KiB/s)</source>
        <translation>网络 (KiB/s)</translation>
    </message>
    <message>
        <source>Block I/O (KiB/s)</source>
        <translation>块 I/O (KiB/s)</translation>
    </message>
    <message>
        <source>The container is not running.</source>
        <translation>容器未在运行。</translation>
    </message>
    <message>
        <source>Stats unavailable: %1</source>
        <translation>统计信息不可用：%1</translation>
    </message>
    <message>
        <source>Select a running container.</source>
        <translation>请选择一个正在运行的容器。</translation>
    </message>
    <message>
        <source>Waiting for the first sample…</source>
        <translation>正在等待第一个采样…</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message numerus="yes">
        <source>CPU %1 %  ·  Memory %2 of %3 (%4 %)  ·  Network %5 in, %6 out  ·  Block I/O %7 read, %8 written  ·  %n process(es)</source>
        <translation>
            <numerusform>CPU %1 %  ·  内存 %2 / %3（%4 %）  ·  网络 接收 %5，发送 %6  ·  块 I/O 读取 %7，写入 %8  ·  %n 个进程</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>berth::studio::ContainerTerminal</name>
    <message>
        <source>Open Shell</source>
        <translation>打开 Shell</translation>
    </message>
    <message>
        <source>Attach</source>
        <translation>附加</translation>
    </message>
    <message>
        <source>&amp;Shell:</source>
        <translation>Shell(&amp;S)：</translation>
    </message>
    <message>
        <source>The command that Open Shell runs in the container (docker exec -it)</source>
        <translation>“打开 Shell”在容器中运行的命令 (docker exec -it)</translation>
    </message>
    <message>
        <source>Run the shell in the running container with a terminal</source>
        <translation>带终端在运行中的容器里运行 shell</translation>
    </message>
    <message>
        <source>Leave the shell and attach to the container&apos;s main process</source>
        <translation>离开 shell 并附加到容器的主进程</translation>
    </message>
    <message>
        <source>Select a container to open its terminal.</source>
        <translation>选择一个容器以打开其终端。</translation>
    </message>
    <message>
        <source>The container is not running. Start it to attach to its main process.</source>
        <translation>容器未在运行。启动它后即可附加到其主进程。</translation>
    </message>
    <message>
        <source>This container was started without a tty (-t): its output is shown read-only. Typing into it needs a container run with -i -t.</source>
        <translation>此容器启动时未分配 tty (-t)：其输出以只读方式显示。要向其输入，需要以 -i -t 运行的容器。</translation>
    </message>
    <message>
        <source>This container&apos;s stdin is closed: its output is shown read-only. Typing into it needs a container run with -i.</source>
        <translation>此容器的标准输入已关闭：其输出以只读方式显示。要向其输入，需要以 -i 运行的容器。</translation>
    </message>
    <message>
        <source>Could not start the shell: %1</source>
        <translation>无法启动 shell：%1</translation>
    </message>
    <message>
        <source>Could not attach to the container: %1</source>
        <translation>无法附加到容器：%1</translation>
    </message>
    <message>
        <source>[shell exited with code %1]</source>
        <translation>[shell 已退出，退出码 %1]</translation>
    </message>
    <message>
        <source>[process exited with code %1]</source>
        <translation>[进程已退出，退出码 %1]</translation>
    </message>
    <message>
        <source>[detached: the engine closed the connection]</source>
        <translation>[已分离：引擎关闭了连接]</translation>
    </message>
</context>
<context>
    <name>berth::studio::ContainerTopView</name>
    <message>
        <source>Processes</source>
        <translation>进程</translation>
    </message>
    <message>
        <source>The container is not running.</source>
        <translation>容器未在运行。</translation>
    </message>
    <message>
        <source>Could not list the processes: %1</source>
        <translation>无法列出进程：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n process(es), refreshed every %1 seconds</source>
        <translation>
            <numerusform>%n 个进程，每 %1 秒刷新一次</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>berth::studio::ContainersModel</name>
    <message>
        <source>Last check exited with %1:
%2</source>
        <translation>上次检查退出，状态 %1：
%2</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>镜像</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Ports</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>created</source>
        <translation>已创建</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>restarting</source>
        <translation>重启中</translation>
    </message>
    <message>
        <source>removing</source>
        <translation>删除中</translation>
    </message>
    <message>
        <source>exited</source>
        <translation>已退出</translation>
    </message>
    <message>
        <source>dead</source>
        <translation>已失效</translation>
    </message>
    <message>
        <source>healthy</source>
        <translation>健康</translation>
    </message>
    <message>
        <source>unhealthy</source>
        <translation>不健康</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>启动中</translation>
    </message>
</context>
<context>
    <name>berth::studio::ContainersPage</name>
    <message>
        <source>Could not list the containers</source>
        <translation>无法列出容器</translation>
    </message>
    <message>
        <source>&amp;Run…</source>
        <translation>运行(&amp;R)…</translation>
    </message>
    <message>
        <source>Run a new container (Ctrl+N)</source>
        <translation>运行新容器 (Ctrl+N)</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>启动(&amp;S)</translation>
    </message>
    <message>
        <source>Could not start %1</source>
        <translation>无法启动 %1</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Could not stop %1</source>
        <translation>无法停止 %1</translation>
    </message>
    <message>
        <source>R&amp;estart</source>
        <translation>重启(&amp;E)</translation>
    </message>
    <message>
        <source>Could not restart %1</source>
        <translation>无法重启 %1</translation>
    </message>
    <message>
        <source>Re&amp;move…</source>
        <translation>删除(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Terminal</source>
        <translation>终端(&amp;T)</translation>
    </message>
    <message>
        <source>Open a terminal on the container&apos;s main process (Ctrl+T)</source>
        <translation>在容器的主进程上打开终端 (Ctrl+T)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Suspend every process of the container</source>
        <translation>挂起容器的所有进程</translation>
    </message>
    <message>
        <source>Could not pause %1</source>
        <translation>无法暂停 %1</translation>
    </message>
    <message>
        <source>&amp;Unpause</source>
        <translation>恢复(&amp;U)</translation>
    </message>
    <message>
        <source>Resume the container&apos;s processes</source>
        <translation>恢复容器的进程</translation>
    </message>
    <message>
        <source>Could not unpause %1</source>
        <translation>无法恢复 %1</translation>
    </message>
    <message>
        <source>Re&amp;name…</source>
        <translation>重命名(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Update Resources…</source>
        <translation>更新资源(&amp;U)…</translation>
    </message>
    <message>
        <source>Change the memory, CPU and processes limits and the restart policy</source>
        <translation>更改内存、CPU 和进程数限制以及重启策略</translation>
    </message>
    <message>
        <source>Containers</source>
        <translation>容器</translation>
    </message>
    <message>
        <source>Filter containers (Ctrl+F)</source>
        <translation>筛选容器 (Ctrl+F)</translation>
    </message>
    <message>
        <source>Filter containers</source>
        <translation>筛选容器</translation>
    </message>
    <message>
        <source>No containers yet. Run one from an image.</source>
        <translation>还没有容器。从镜像运行一个吧。</translation>
    </message>
    <message>
        <source>Run a Container…</source>
        <translation>运行容器…</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>终端</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Stats</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Top</source>
        <translation>进程</translation>
    </message>
    <message numerus="yes">
        <source>%n container(s)</source>
        <translation>
            <numerusform>%n 个容器</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove Containers</source>
        <translation>删除容器</translation>
    </message>
    <message>
        <source>Remove %1?</source>
        <translation>删除 %1？</translation>
    </message>
    <message>
        <source>Running containers are stopped first. </source>
        <translation>正在运行的容器会先被停止。</translation>
    </message>
    <message>
        <source>Files written inside the container and its logs will be lost. Named volumes and the image are kept.</source>
        <translation>容器内写入的文件及其日志将会丢失。命名卷和镜像会保留。</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>删除(&amp;R)</translation>
    </message>
    <message>
        <source>Could not remove %1</source>
        <translation>无法删除 %1</translation>
    </message>
    <message>
        <source>Could not create a container from %1</source>
        <translation>无法从 %1 创建容器</translation>
    </message>
    <message>
        <source>Created container %1 from %2, but could not start it</source>
        <translation>已从 %2 创建容器 %1，但无法启动它</translation>
    </message>
    <message>
        <source>Name: %1</source>
        <translation>名称：%1</translation>
    </message>
    <message>
        <source>ID: %1</source>
        <translation>ID：%1</translation>
    </message>
    <message>
        <source>Image: %1</source>
        <translation>镜像：%1</translation>
    </message>
    <message>
        <source>Command: %1</source>
        <translation>命令：%1</translation>
    </message>
    <message>
        <source>State: %1</source>
        <translation>状态：%1</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>状态信息：%1</translation>
    </message>
    <message>
        <source>Ports: %1</source>
        <translation>端口：%1</translation>
    </message>
    <message>
        <source>none published</source>
        <translation>未发布</translation>
    </message>
    <message>
        <source>Created: %1</source>
        <translation>创建时间：%1</translation>
    </message>
    <message>
        <source>Could not rename %1</source>
        <translation>无法重命名 %1</translation>
    </message>
    <message>
        <source>Could not read the limits of %1</source>
        <translation>无法读取 %1 的限制</translation>
    </message>
    <message>
        <source>Could not update %1</source>
        <translation>无法更新 %1</translation>
    </message>
    <message>
        <source>Updated %1 with warnings</source>
        <translation>已更新 %1，但有警告</translation>
    </message>
    <message>
        <source>Co&amp;mmit…</source>
        <translation>提交(&amp;M)…</translation>
    </message>
    <message>
        <source>Make an image from the container&apos;s changed files</source>
        <translation>用容器中更改过的文件生成镜像</translation>
    </message>
    <message>
        <source>Edit &amp;Ports and Links…</source>
        <translation>编辑端口和链接(&amp;P)…</translation>
    </message>
    <message>
        <source>Change the published ports and links; the container is recreated with them</source>
        <translation>更改发布的端口和链接；容器将按新设置重新创建</translation>
    </message>
    <message>
        <source>Could not commit %1</source>
        <translation>无法提交 %1</translation>
    </message>
    <message>
        <source>Could not read the ports and links of %1</source>
        <translation>无法读取 %1 的端口和链接</translation>
    </message>
    <message>
        <source>Recreate Container</source>
        <translation>重新创建容器</translation>
    </message>
    <message>
        <source>Recreate %1 with these changes?</source>
        <translation>按这些更改重新创建 %1？</translation>
    </message>
    <message>
        <source>Berth creates a new %1 with the same name, configuration, volumes and networks, then removes the old one. Files written inside the container outside its volumes are lost. If the new container cannot be created or started, the old one is kept as it was.</source>
        <translation>Berth 会以相同的名称、配置、卷和网络创建新的 %1，然后删除旧容器。容器内写在卷之外的文件将会丢失。如果新容器无法创建或启动，旧容器将保持原样。</translation>
    </message>
    <message>
        <source>&amp;Recreate</source>
        <translation>重新创建(&amp;R)</translation>
    </message>
    <message>
        <source>Could not recreate %1</source>
        <translation>无法重新创建 %1</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
    <message>
        <source>Write the container&apos;s file system to a tar archive, like docker export</source>
        <translation>将容器的文件系统写入 tar 归档，与 docker export 相同</translation>
    </message>
    <message>
        <source>Could not export the container</source>
        <translation>无法导出容器</translation>
    </message>
    <message>
        <source>Export %1</source>
        <translation>导出 %1</translation>
    </message>
    <message>
        <source>Could not read the container&apos;s settings</source>
        <translation>无法读取容器的设置</translation>
    </message>
    <message>
        <source>Could not save the logs to %1</source>
        <translation>无法把日志保存到 %1</translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation>Inspect 数据</translation>
    </message>
    <message>
        <source>&amp;Duplicate…</source>
        <translation>复制(&amp;D)…</translation>
    </message>
    <message>
        <source>Open the Run dialog with this container&apos;s settings, to run another like it</source>
        <translation>用此容器的设置打开“运行”对话框，以运行一个同样的容器</translation>
    </message>
</context>
<context>
    <name>berth::studio::ContextTree</name>
    <message>
        <source>Build context</source>
        <translation>构建上下文</translation>
    </message>
</context>
<context>
    <name>berth::studio::CredentialStore</name>
    <message>
        <source>Could not store the password in the keyring: %1</source>
        <translation>无法将密码存入密钥环：%1</translation>
    </message>
    <message>
        <source>The password is in the keyring, but an older one for %1 is still in %2: %3</source>
        <translation>密码已保存在密钥环中，但 %1 的旧密码仍留在 %2 中：%3</translation>
    </message>
    <message>
        <source>Could not remove the password for %1 from the keyring: %2</source>
        <translation>无法从密钥环中删除 %1 的密码：%2</translation>
    </message>
</context>
<context>
    <name>berth::studio::DockerfileEditor</name>
    <message>
        <source>Dockerfile</source>
        <translation>Dockerfile</translation>
    </message>
</context>
<context>
    <name>berth::studio::DockerfileHover</name>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; = &lt;code&gt;%2&lt;/code&gt; (%3)</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; = &lt;code&gt;%2&lt;/code&gt;（%3）</translation>
    </message>
    <message>
        <source>ARG before the first FROM</source>
        <translation>第一个 FROM 之前的 ARG</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; is not set by an ARG before the first FROM</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; 未由第一个 FROM 之前的 ARG 设置</translation>
    </message>
    <message>
        <source>ENV</source>
        <translation>ENV</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; is declared by ARG without a default: it is empty unless --build-arg sets it</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; 由不带默认值的 ARG 声明：除非用 --build-arg 设置，否则为空</translation>
    </message>
    <message>
        <source>ARG</source>
        <translation>ARG</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; is not set by any ARG or ENV before this line</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; 在此行之前未由任何 ARG 或 ENV 设置</translation>
    </message>
    <message>
        <source>Starts a build stage from a base image, another stage or scratch. &lt;code&gt;AS name&lt;/code&gt; names the stage.</source>
        <translation>从基础镜像、另一个阶段或 scratch 开始一个构建阶段。&lt;code&gt;AS name&lt;/code&gt; 为该阶段命名。</translation>
    </message>
    <message>
        <source>Runs a command in a new layer at build time.</source>
        <translation>在构建时于新的层中运行命令。</translation>
    </message>
    <message>
        <source>Sets the default command or the default arguments of the entrypoint. Only the last CMD of a stage counts, and &lt;code&gt;docker run&lt;/code&gt; arguments override it.</source>
        <translation>设置默认命令或入口点的默认参数。一个阶段中只有最后一个 CMD 生效，&lt;code&gt;docker run&lt;/code&gt; 的参数会覆盖它。</translation>
    </message>
    <message>
        <source>Adds key=value metadata to the image.</source>
        <translation>向镜像添加 key=value 元数据。</translation>
    </message>
    <message>
        <source>Deprecated: sets the image&apos;s author field. Use &lt;code&gt;LABEL org.opencontainers.image.authors&lt;/code&gt;.</source>
        <translation>已弃用：设置镜像的作者字段。请使用 &lt;code&gt;LABEL org.opencontainers.image.authors&lt;/code&gt;。</translation>
    </message>
    <message>
        <source>Documents the ports the container listens on; &lt;code&gt;docker run -p&lt;/code&gt; publishes them.</source>
        <translation>说明容器监听的端口；&lt;code&gt;docker run -p&lt;/code&gt; 会发布它们。</translation>
    </message>
    <message>
        <source>Sets environment variables for later instructions and for the container. ENV overrides an ARG of the same name.</source>
        <translation>为后续指令和容器设置环境变量。ENV 会覆盖同名的 ARG。</translation>
    </message>
    <message>
        <source>Copies files, URLs or Git repositories into the image and extracts local tar archives.</source>
        <translation>将文件、URL 或 Git 仓库复制到镜像中，并解压本地 tar 归档。</translation>
    </message>
    <message>
        <source>Copies files from the build context or, with &lt;code&gt;--from&lt;/code&gt;, from another stage or image.</source>
        <translation>从构建上下文复制文件，或通过 &lt;code&gt;--from&lt;/code&gt; 从另一个阶段或镜像复制。</translation>
    </message>
    <message>
        <source>Sets the executable the container runs; &lt;code&gt;docker run --entrypoint&lt;/code&gt; overrides it.</source>
        <translation>设置容器运行的可执行文件；&lt;code&gt;docker run --entrypoint&lt;/code&gt; 会覆盖它。</translation>
    </message>
    <message>
        <source>Declares mount points that become anonymous volumes.</source>
        <translation>声明挂载点，它们会成为匿名卷。</translation>
    </message>
    <message>
        <source>Sets the user and group for later RUN, CMD and ENTRYPOINT.</source>
        <translation>为后续的 RUN、CMD 和 ENTRYPOINT 设置用户和组。</translation>
    </message>
    <message>
        <source>Sets the working directory for later instructions, creating it if needed.</source>
        <translation>为后续指令设置工作目录，必要时创建它。</translation>
    </message>
    <message>
        <source>Declares a build argument that &lt;code&gt;--build-arg&lt;/code&gt; can set; it is not kept in the image.</source>
        <translation>声明可由 &lt;code&gt;--build-arg&lt;/code&gt; 设置的构建参数；它不会保留在镜像中。</translation>
    </message>
    <message>
        <source>Adds an instruction that runs when another build uses this image as its base.</source>
        <translation>添加一条在其他构建以此镜像为基础时运行的指令。</translation>
    </message>
    <message>
        <source>Sets the signal that stops the container.</source>
        <translation>设置停止容器所用的信号。</translation>
    </message>
    <message>
        <source>Sets the command that checks whether the container is healthy, or NONE to disable the base image&apos;s.</source>
        <translation>设置检查容器是否健康的命令，或用 NONE 禁用基础镜像的检查。</translation>
    </message>
    <message>
        <source>Sets the shell that runs the shell form of RUN, CMD and ENTRYPOINT.</source>
        <translation>设置运行 RUN、CMD 和 ENTRYPOINT 的 shell 形式所用的 shell。</translation>
    </message>
</context>
<context>
    <name>berth::studio::DockerfileLexer</name>
    <message>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>注释</translation>
    </message>
    <message>
        <source>Parser directive</source>
        <translation>解析器指令</translation>
    </message>
    <message>
        <source>Instruction</source>
        <translation>指令</translation>
    </message>
    <message>
        <source>Unknown instruction</source>
        <translation>未知指令</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>标志</translation>
    </message>
    <message>
        <source>Flag value</source>
        <translation>标志值</translation>
    </message>
    <message>
        <source>Keyword</source>
        <translation>关键字</translation>
    </message>
    <message>
        <source>Stage name</source>
        <translation>阶段名称</translation>
    </message>
    <message>
        <source>Variable</source>
        <translation>变量</translation>
    </message>
    <message>
        <source>String</source>
        <translation>字符串</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>运算符</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Shell command</source>
        <translation>Shell 命令</translation>
    </message>
    <message>
        <source>Heredoc delimiter</source>
        <translation>Heredoc 分隔符</translation>
    </message>
    <message>
        <source>Heredoc body</source>
        <translation>Heredoc 正文</translation>
    </message>
    <message>
        <source>Escape character</source>
        <translation>转义字符</translation>
    </message>
</context>
<context>
    <name>berth::studio::DockerfilePage</name>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>信息</translation>
    </message>
    <message>
        <source>Open Folder…</source>
        <translation>打开文件夹…</translation>
    </message>
    <message>
        <source>Open Build Context</source>
        <translation>打开构建上下文</translation>
    </message>
    <message>
        <source>Open Dockerfile…</source>
        <translation>打开 Dockerfile…</translation>
    </message>
    <message>
        <source>Open Dockerfile</source>
        <translation>打开 Dockerfile</translation>
    </message>
    <message>
        <source>Open Recent</source>
        <translation>最近打开</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Save As…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Find…</source>
        <translation>查找…</translation>
    </message>
    <message>
        <source>Replace…</source>
        <translation>替换…</translation>
    </message>
    <message>
        <source>Find Next</source>
        <translation>查找下一个</translation>
    </message>
    <message>
        <source>Find Previous</source>
        <translation>查找上一个</translation>
    </message>
    <message>
        <source>Quick Fix</source>
        <translation>快速修复</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>补全</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Replace with</source>
        <translation>替换为</translation>
    </message>
    <message>
        <source>Match case</source>
        <translation>区分大小写</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一个</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一个</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <source>Replace All</source>
        <translation>全部替换</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>(quick fix: %1)</source>
        <translation>（快速修复：%1）</translation>
    </message>
    <message>
        <source>Go to Line</source>
        <translation>转到行</translation>
    </message>
    <message>
        <source>Apply Quick Fix: %1</source>
        <translation>应用快速修复：%1</translation>
    </message>
    <message>
        <source>Could not open the build context</source>
        <translation>无法打开构建上下文</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>文件夹 %1 不存在。</translation>
    </message>
    <message>
        <source>Could not open the Dockerfile</source>
        <translation>无法打开 Dockerfile</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Could not save the Dockerfile</source>
        <translation>无法保存 Dockerfile</translation>
    </message>
    <message>
        <source>Save Dockerfile</source>
        <translation>保存 Dockerfile</translation>
    </message>
    <message>
        <source>the new Dockerfile</source>
        <translation>新的 Dockerfile</translation>
    </message>
    <message>
        <source>Unsaved Changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>Save the changes to %1? Unsaved changes are lost otherwise.</source>
        <translation>是否保存对 %1 的更改？否则未保存的更改将会丢失。</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>%1 (modified)</source>
        <translation>%1（已修改）</translation>
    </message>
</context>
<context>
    <name>berth::studio::EditNetworkingDialog</name>
    <message>
        <source>Edit Ports and Links of %1</source>
        <translation>编辑 %1 的端口和链接</translation>
    </message>
    <message>
        <source>Nothing changed yet.</source>
        <translation>尚未更改任何内容。</translation>
    </message>
</context>
<context>
    <name>berth::studio::EmbeddedEngine</name>
    <message>
        <source>The bundled engine crashed. Its log is %1.</source>
        <translation>内置引擎崩溃了。其日志为 %1。</translation>
    </message>
    <message>
        <source>The bundled engine exited with code %1. Its log is %2.</source>
        <translation>内置引擎已退出，退出码 %1。其日志为 %2。</translation>
    </message>
</context>
<context>
    <name>berth::studio::EngineConnection</name>
    <message>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
</context>
<context>
    <name>berth::studio::EngineDiscovery</name>
    <message>
        <source>Berth system engine</source>
        <translation>Berth 系统引擎</translation>
    </message>
    <message>
        <source>Docker</source>
        <translation>Docker</translation>
    </message>
    <message>
        <source>Podman</source>
        <translation>Podman</translation>
    </message>
    <message>
        <source>Docker, rootless</source>
        <translation>Docker（无 root）</translation>
    </message>
    <message>
        <source>Podman, rootless</source>
        <translation>Podman（无 root）</translation>
    </message>
</context>
<context>
    <name>berth::studio::EnginePage</name>
    <message numerus="yes">
        <source>%n container(s)</source>
        <translation>
            <numerusform>%n 个容器</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n 个镜像</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n volume(s)</source>
        <translation>
            <numerusform>%n 个卷</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n build cache record(s)</source>
        <translation>
            <numerusform>%n 条构建缓存记录</numerusform>
        </translation>
    </message>
    <message>
        <source>containers</source>
        <translation>容器</translation>
    </message>
    <message>
        <source>images</source>
        <translation>镜像</translation>
    </message>
    <message>
        <source>volumes</source>
        <translation>卷</translation>
    </message>
    <message>
        <source>build cache records</source>
        <translation>构建缓存记录</translation>
    </message>
    <message>
        <source>Choose Another Engine…</source>
        <translation>选择其他引擎…</translation>
    </message>
    <message>
        <source>Disk use</source>
        <translation>磁盘占用</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总计</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Reclaimable</source>
        <translation>可回收</translation>
    </message>
    <message>
        <source>Prune…</source>
        <translation>清理…</translation>
    </message>
    <message>
        <source>Prune %1</source>
        <translation>清理%1</translation>
    </message>
    <message>
        <source>Prune &amp;all unused: tagged images, named volumes and shared build cache too</source>
        <translation>清理所有未使用的内容(&amp;A)：包括有标签的镜像、命名卷和共享构建缓存</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <source>Endpoint: %1</source>
        <translation>端点：%1</translation>
    </message>
    <message>
        <source>No engine</source>
        <translation>无引擎</translation>
    </message>
    <message>
        <source>Could not identify the engine</source>
        <translation>无法识别引擎</translation>
    </message>
    <message>
        <source>Could not read the disk use</source>
        <translation>无法读取磁盘占用</translation>
    </message>
    <message>
        <source>v%1</source>
        <translation>v%1</translation>
    </message>
    <message>
        <source> (%1 driver)</source>
        <translation>（%1 驱动）</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>端点</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>API version</source>
        <translation>API 版本</translation>
    </message>
    <message>
        <source>%1 (the studio uses %2)</source>
        <translation>%1（Studio 使用 %2）</translation>
    </message>
    <message>
        <source>Operating system</source>
        <translation>操作系统</translation>
    </message>
    <message>
        <source>%1, %2/%3, kernel %4</source>
        <translation>%1，%2/%3，内核 %4</translation>
    </message>
    <message>
        <source>Storage driver</source>
        <translation>存储驱动</translation>
    </message>
    <message>
        <source>Cgroups</source>
        <translation>Cgroups</translation>
    </message>
    <message>
        <source>Data root</source>
        <translation>数据根目录</translation>
    </message>
    <message>
        <source>Resources</source>
        <translation>资源</translation>
    </message>
    <message>
        <source>%1 CPUs, %2 memory</source>
        <translation>%1 个 CPU，%2 内存</translation>
    </message>
    <message>
        <source>Started by</source>
        <translation>启动者</translation>
    </message>
    <message>
        <source>the studio (the bundled engine stops when it quits)</source>
        <translation>Studio（内置引擎会在 Studio 退出时停止）</translation>
    </message>
    <message>
        <source>another program (chosen in the settings)</source>
        <translation>其他程序（在设置中选择）</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>镜像</translation>
    </message>
    <message>
        <source>Containers</source>
        <translation>容器</translation>
    </message>
    <message>
        <source>Local volumes</source>
        <translation>本地卷</translation>
    </message>
    <message>
        <source>Build cache</source>
        <translation>构建缓存</translation>
    </message>
    <message>
        <source>%1 (%2 %)</source>
        <translation>%1（%2 %）</translation>
    </message>
    <message>
        <source>Listing the %1 a prune would remove…</source>
        <translation>正在列出清理将删除的%1…</translation>
    </message>
    <message>
        <source>Could not list the %1 to prune</source>
        <translation>无法列出要清理的%1</translation>
    </message>
    <message>
        <source>No %1 to prune.</source>
        <translation>没有可清理的%1。</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>以及另外 %n 项</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove %1? This cannot be undone.</source>
        <translation>删除 %1？此操作无法撤销。</translation>
    </message>
    <message>
        <source>Up to %1 would be freed; layers other images share stay.</source>
        <translation>最多可释放 %1；其他镜像共享的层会保留。</translation>
    </message>
    <message>
        <source>About %1 would be freed.</source>
        <translation>约可释放 %1。</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>删除(&amp;R)</translation>
    </message>
    <message>
        <source>Prune cancelled; nothing was removed.</source>
        <translation>清理已取消；没有删除任何内容。</translation>
    </message>
    <message>
        <source>Pruning %1…</source>
        <translation>正在清理%1…</translation>
    </message>
    <message>
        <source>Could not prune %1</source>
        <translation>无法清理%1</translation>
    </message>
    <message>
        <source>Removed %1 and reclaimed %2.</source>
        <translation>已删除 %1，回收了 %2。</translation>
    </message>
</context>
<context>
    <name>berth::studio::ErrorBanner</name>
    <message>
        <source>Dismiss the error</source>
        <translation>关闭错误提示</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;The engine said: %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;引擎返回：%2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2</translation>
    </message>
</context>
<context>
    <name>berth::studio::FirstRunPage</name>
    <message>
        <source>Set up the Berth engine</source>
        <translation>设置 Berth 引擎</translation>
    </message>
    <message>
        <source>Members of the berth group control the engine, which makes them as powerful as root. Add only accounts you trust.</source>
        <translation>berth 组的成员可以控制引擎，这使他们拥有与 root 同等的权限。只添加你信任的账户。</translation>
    </message>
    <message>
        <source>Try Again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Choose Another Engine…</source>
        <translation>选择其他引擎…</translation>
    </message>
    <message>
        <source>The system engine listens on %1, but this account may not use it.</source>
        <translation>系统引擎在 %1 上监听，但此账户无权使用它。</translation>
    </message>
    <message>
        <source>The system engine is not running: %1 does not exist. The bundled engine needs root, and the studio does not run as root.</source>
        <translation>系统引擎未运行：%1 不存在。内置引擎需要 root 权限，而 Studio 不是以 root 身份运行的。</translation>
    </message>
    <message>
        <source>Join the berth group:</source>
        <translation>加入 berth 组：</translation>
    </message>
    <message>
        <source>Enable the system engine and join the berth group:</source>
        <translation>启用系统引擎并加入 berth 组：</translation>
    </message>
    <message>
        <source>Then log out and in again, so that the new group applies, and choose Try Again.</source>
        <translation>然后注销并重新登录，使新的组生效，再选择“重试”。</translation>
    </message>
</context>
<context>
    <name>berth::studio::Formatting</name>
    <message>
        <source>Less than a second</source>
        <translation>不到一秒</translation>
    </message>
    <message>
        <source>1 second</source>
        <translation>1 秒</translation>
    </message>
    <message numerus="yes">
        <source>%n seconds</source>
        <translation>
            <numerusform>%n 秒</numerusform>
        </translation>
    </message>
    <message>
        <source>About a minute</source>
        <translation>大约一分钟</translation>
    </message>
    <message numerus="yes">
        <source>%n minutes</source>
        <translation>
            <numerusform>%n 分钟</numerusform>
        </translation>
    </message>
    <message>
        <source>About an hour</source>
        <translation>大约一小时</translation>
    </message>
    <message numerus="yes">
        <source>%n hours</source>
        <translation>
            <numerusform>%n 小时</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n days</source>
        <translation>
            <numerusform>%n 天</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n weeks</source>
        <translation>
            <numerusform>%n 周</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n months</source>
        <translation>
            <numerusform>%n 个月</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n years</source>
        <translation>
            <numerusform>%n 年</numerusform>
        </translation>
    </message>
    <message>
        <source>Less than a second ago</source>
        <translation>不到一秒前</translation>
    </message>
    <message>
        <source>1 second ago</source>
        <translation>1 秒前</translation>
    </message>
    <message numerus="yes">
        <source>%n seconds ago</source>
        <translation>
            <numerusform>%n 秒前</numerusform>
        </translation>
    </message>
    <message>
        <source>About a minute ago</source>
        <translation>大约一分钟前</translation>
    </message>
    <message numerus="yes">
        <source>%n minutes ago</source>
        <translation>
            <numerusform>%n 分钟前</numerusform>
        </translation>
    </message>
    <message>
        <source>About an hour ago</source>
        <translation>大约一小时前</translation>
    </message>
    <message numerus="yes">
        <source>%n hours ago</source>
        <translation>
            <numerusform>%n 小时前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n days ago</source>
        <translation>
            <numerusform>%n 天前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n weeks ago</source>
        <translation>
            <numerusform>%n 周前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n months ago</source>
        <translation>
            <numerusform>%n 个月前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n years ago</source>
        <translation>
            <numerusform>%n 年前</numerusform>
        </translation>
    </message>
    <message>
        <source>Up %1</source>
        <translation>已运行 %1</translation>
    </message>
    <message>
        <source>Exited (%1) %2</source>
        <translation>已退出 (%1) %2</translation>
    </message>
    <message>
        <source>Restarting (%1) %2</source>
        <translation>正在重启 (%1) %2</translation>
    </message>
</context>
<context>
    <name>berth::studio::IgnoredFilesProxy</name>
    <message>
        <source>Excluded by .dockerignore: the build does not see it</source>
        <translation>已被 .dockerignore 排除：构建看不到它</translation>
    </message>
</context>
<context>
    <name>berth::studio::ImagesModel</name>
    <message>
        <source>Repository</source>
        <translation>仓库</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Image ID</source>
        <translation>镜像 ID</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Used by</source>
        <translation>使用者</translation>
    </message>
</context>
<context>
    <name>berth::studio::ImagesPage</name>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>Make an image from a root file system tarball</source>
        <translation>从根文件系统 tar 包创建镜像</translation>
    </message>
    <message>
        <source>Re&amp;move…</source>
        <translation>删除(&amp;M)…</translation>
    </message>
    <message>
        <source>Could not list the images</source>
        <translation>无法列出镜像</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>镜像</translation>
    </message>
    <message>
        <source>Filter images (Ctrl+F)</source>
        <translation>筛选镜像 (Ctrl+F)</translation>
    </message>
    <message>
        <source>Filter images</source>
        <translation>筛选镜像</translation>
    </message>
    <message>
        <source>Import an Image…</source>
        <translation>导入镜像…</translation>
    </message>
    <message>
        <source>Image history</source>
        <translation>镜像历史</translation>
    </message>
    <message>
        <source>Created by</source>
        <translation>创建者</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Importing %1</source>
        <translation>正在导入 %1</translation>
    </message>
    <message>
        <source>Imported %1</source>
        <translation>已导入 %1</translation>
    </message>
    <message>
        <source>Import of %1 cancelled</source>
        <translation>%1 的导入已取消</translation>
    </message>
    <message>
        <source>Import of %1 failed</source>
        <translation>%1 导入失败</translation>
    </message>
    <message>
        <source>Could not import %1</source>
        <translation>无法导入 %1</translation>
    </message>
    <message>
        <source>Remove Images</source>
        <translation>删除镜像</translation>
    </message>
    <message>
        <source>Remove %1?</source>
        <translation>删除 %1？</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n 个镜像</numerusform>
        </translation>
    </message>
    <message>
        <source>When no other tag points at an image, its layers are deleted from disk. An image used by a container cannot be removed until the container is.</source>
        <translation>当没有其他标签指向某个镜像时，其层会从磁盘中删除。被容器使用的镜像要等该容器删除后才能删除。</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>删除(&amp;R)</translation>
    </message>
    <message>
        <source>Could not remove %1</source>
        <translation>无法删除 %1</translation>
    </message>
    <message>
        <source>&amp;Pull…</source>
        <translation>拉取(&amp;P)…</translation>
    </message>
    <message>
        <source>Download an image from a registry</source>
        <translation>从镜像仓库下载镜像</translation>
    </message>
    <message>
        <source>Pu&amp;sh…</source>
        <translation>推送(&amp;S)…</translation>
    </message>
    <message>
        <source>Upload the selected image to the registry its name starts with</source>
        <translation>将所选镜像上传到其名称开头所指的镜像仓库</translation>
    </message>
    <message>
        <source>Sa&amp;ve…</source>
        <translation>保存(&amp;V)…</translation>
    </message>
    <message>
        <source>Write the selected images to a tar archive, like docker save</source>
        <translation>将所选镜像写入 tar 归档，与 docker save 相同</translation>
    </message>
    <message>
        <source>&amp;Load…</source>
        <translation>加载(&amp;L)…</translation>
    </message>
    <message>
        <source>Load images from a tar archive, like docker load</source>
        <translation>从 tar 归档加载镜像，与 docker load 相同</translation>
    </message>
    <message>
        <source>Log &amp;In to a Registry…</source>
        <translation>登录镜像仓库(&amp;I)…</translation>
    </message>
    <message>
        <source>Log &amp;Out of a Registry…</source>
        <translation>退出镜像仓库(&amp;O)…</translation>
    </message>
    <message>
        <source>Could not save the images</source>
        <translation>无法保存镜像</translation>
    </message>
    <message>
        <source>No images yet. Pull one from a registry, or import a root file system tarball.</source>
        <translation>还没有镜像。请从镜像仓库拉取一个，或导入根文件系统的 tar 包。</translation>
    </message>
    <message>
        <source>Pull an Image…</source>
        <translation>拉取镜像…</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>注释</translation>
    </message>
    <message>
        <source>Not logged in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source>No registry credentials are kept.</source>
        <translation>没有保存任何镜像仓库凭据。</translation>
    </message>
    <message>
        <source>Log Out of a Registry</source>
        <translation>退出镜像仓库</translation>
    </message>
    <message>
        <source>Forget the credentials of:</source>
        <translation>忘记以下服务器的凭据：</translation>
    </message>
    <message>
        <source>&amp;Log Out</source>
        <translation>退出登录(&amp;L)</translation>
    </message>
    <message>
        <source>Could not log out of %1</source>
        <translation>无法退出 %1</translation>
    </message>
    <message numerus="yes">
        <source>Save %n Image(s)</source>
        <translation>
            <numerusform>保存 %n 个镜像</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Run…</source>
        <translation>运行(&amp;R)…</translation>
    </message>
    <message>
        <source>Run a new container from the selected image</source>
        <translation>用所选镜像运行一个新容器</translation>
    </message>
    <message>
        <source>&amp;Build…</source>
        <translation>构建(&amp;B)…</translation>
    </message>
    <message>
        <source>Build an image from a Dockerfile in the Dockerfile studio</source>
        <translation>在 Dockerfile 工作室中用 Dockerfile 构建镜像</translation>
    </message>
    <message>
        <source>&amp;Tag…</source>
        <translation>标记(&amp;T)…</translation>
    </message>
    <message>
        <source>Give the selected image another name, like docker tag</source>
        <translation>给所选镜像添加另一个名称，同 docker tag</translation>
    </message>
    <message>
        <source>Could not tag %1 as %2:%3</source>
        <translation>无法把 %1 标记为 %2:%3</translation>
    </message>
</context>
<context>
    <name>berth::studio::ImportDialog</name>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>Choose a Tarball</source>
        <translation>选择 tar 包</translation>
    </message>
    <message>
        <source>Tarballs (*.tar *.tar.gz *.tgz *.tar.bz2 *.tar.xz *.tar.zst);;All files (*)</source>
        <translation>tar 包 (*.tar *.tar.gz *.tgz *.tar.bz2 *.tar.xz *.tar.zst);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose the tarball to import.</source>
        <translation>请选择要导入的 tar 包。</translation>
    </message>
    <message>
        <source>No readable file at this path.</source>
        <translation>此路径下没有可读的文件。</translation>
    </message>
    <message>
        <source>Not an image name: use lower-case letters, digits and -_./ with an optional :tag.</source>
        <translation>不是有效的镜像名称：请使用小写字母、数字和 -_./，可带可选的 :标签。</translation>
    </message>
</context>
<context>
    <name>berth::studio::Language</name>
    <message>
        <source>System default</source>
        <translation>系统默认</translation>
    </message>
</context>
<context>
    <name>berth::studio::LayerPreview</name>
    <message>
        <source>Layer preview</source>
        <translation>层预览</translation>
    </message>
    <message>
        <source>The engine could not plan this Dockerfile: %1</source>
        <translation>引擎无法规划此 Dockerfile：%1</translation>
    </message>
    <message>
        <source>No steps yet: a Dockerfile starts with FROM.</source>
        <translation>还没有步骤：Dockerfile 以 FROM 开头。</translation>
    </message>
    <message>
        <source>Cache status unavailable: this engine has no build plan, so the preview shows what parsing alone tells.</source>
        <translation>缓存状态不可用：此引擎没有构建计划，因此预览只显示解析所能得出的信息。</translation>
    </message>
    <message>
        <source>Cache status from the engine&apos;s build cache.</source>
        <translation>缓存状态来自引擎的构建缓存。</translation>
    </message>
</context>
<context>
    <name>berth::studio::LayerPreviewModel</name>
    <message>
        <source>base</source>
        <translation>基础</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>config only</source>
        <translation>仅配置</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Cache</source>
        <translation>缓存</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Last run</source>
        <translation>上次运行</translation>
    </message>
    <message>
        <source>Wasted</source>
        <translation>浪费</translation>
    </message>
</context>
<context>
    <name>berth::studio::LayerProgressPanel</name>
    <message>
        <source>Layer progress</source>
        <translation>层进度</translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translation>层 %1</translation>
    </message>
    <message>
        <source>%1 %2 of %3</source>
        <translation>%1 %2 / %3</translation>
    </message>
</context>
<context>
    <name>berth::studio::LinkEditor</name>
    <message>
        <source>No running containers</source>
        <translation>没有正在运行的容器</translation>
    </message>
    <message>
        <source>Link %1: choose the container to link to.</source>
        <translation>链接 %1：请选择要链接的容器。</translation>
    </message>
    <message>
        <source>Link %1: &quot;%2&quot; is not a valid alias; use letters, digits, _ . or -, starting with a letter or digit.</source>
        <translation>链接 %1：“%2”不是有效的别名；请使用字母、数字、_、. 或 -，并以字母或数字开头。</translation>
    </message>
    <message>
        <source>Link %1: the alias &quot;%2&quot; is used by another link.</source>
        <translation>链接 %1：别名“%2”已被另一个链接使用。</translation>
    </message>
</context>
<context>
    <name>berth::studio::LinkView</name>
    <message>
        <source>Host port %1</source>
        <translation>主机端口 %1</translation>
    </message>
    <message>
        <source>Container %1 (not found)</source>
        <translation>容器 %1（未找到）</translation>
    </message>
    <message>
        <source>Container %1 (%2)</source>
        <translation>容器 %1（%2）</translation>
    </message>
    <message>
        <source>Container %1 (%2), address %3</source>
        <translation>容器 %1（%2），地址 %3</translation>
    </message>
    <message>
        <source>Link diagram</source>
        <translation>链接图</translation>
    </message>
    <message>
        <source>Could not lay out the diagram: %1</source>
        <translation>无法布局此图：%1</translation>
    </message>
    <message>
        <source>Network %1</source>
        <translation>网络 %1</translation>
    </message>
    <message>
        <source>--link alias %1</source>
        <translation>--link 别名 %1</translation>
    </message>
    <message>
        <source>Published port %1</source>
        <translation>已发布端口 %1</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <source>Host port</source>
        <translation>主机端口</translation>
    </message>
    <message>
        <source>--link</source>
        <translation>--link</translation>
    </message>
    <message>
        <source>Published port</source>
        <translation>已发布端口</translation>
    </message>
</context>
<context>
    <name>berth::studio::LoadDialog</name>
    <message>
        <source>&amp;Load</source>
        <translation>加载(&amp;L)</translation>
    </message>
    <message>
        <source>Choose an Image Archive</source>
        <translation>选择镜像归档</translation>
    </message>
    <message>
        <source>Image archives (*.tar *.tar.gz *.tgz *.tar.xz *.tar.zst);;All files (*)</source>
        <translation>镜像归档 (*.tar *.tar.gz *.tgz *.tar.xz *.tar.zst);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose the archive to load.</source>
        <translation>请选择要加载的归档。</translation>
    </message>
    <message>
        <source>No readable file at this path.</source>
        <translation>此路径下没有可读的文件。</translation>
    </message>
    <message>
        <source>Loading %1</source>
        <translation>正在加载 %1</translation>
    </message>
    <message>
        <source>Loaded %1</source>
        <translation>已加载 %1</translation>
    </message>
    <message>
        <source>Load of %1 cancelled</source>
        <translation>已取消加载 %1</translation>
    </message>
    <message>
        <source>Load of %1 failed</source>
        <translation>加载 %1 失败</translation>
    </message>
    <message>
        <source>Could not load %1: %2</source>
        <translation>无法载入 %1：%2</translation>
    </message>
</context>
<context>
    <name>berth::studio::LoginDialog</name>
    <message>
        <source>&amp;Log In</source>
        <translation>登录(&amp;L)</translation>
    </message>
    <message>
        <source>Enter a user name and a password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <source>Checking the credentials with %1…</source>
        <translation>正在向 %1 验证凭据…</translation>
    </message>
    <message>
        <source>The login failed: %1</source>
        <translation>登录失败：%1</translation>
    </message>
    <message>
        <source>Logged in, but the credentials could not be stored: %1</source>
        <translation>已登录，但无法保存凭据：%1</translation>
    </message>
    <message>
        <source>The registry rejected the user name or password. The engine reported: %1</source>
        <translation>仓库服务拒绝了用户名或密码。引擎报告：%1</translation>
    </message>
</context>
<context>
    <name>berth::studio::MainWindow</name>
    <message>
        <source>Berth Studio</source>
        <translation>Berth Studio</translation>
    </message>
    <message>
        <source>The engine did not answer within %1 seconds</source>
        <translation>引擎在 %1 秒内没有响应</translation>
    </message>
    <message>
        <source>Its log is %1.</source>
        <translation>其日志为 %1。</translation>
    </message>
    <message>
        <source>Check that %1 is running, or choose another engine in the settings.</source>
        <translation>请检查 %1 是否正在运行，或在设置中选择其他引擎。</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>页面</translation>
    </message>
    <message>
        <source>Containers</source>
        <translation>容器</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>镜像</translation>
    </message>
    <message>
        <source>Volumes</source>
        <translation>卷</translation>
    </message>
    <message>
        <source>Networks &amp; links</source>
        <translation>网络与链接</translation>
    </message>
    <message>
        <source>Dockerfile studio</source>
        <translation>Dockerfile 工作室</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Filter</source>
        <translation>筛选(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Berth Studio</source>
        <translation>关于 Berth Studio(&amp;A)</translation>
    </message>
    <message>
        <source>About Berth Studio</source>
        <translation>关于 Berth Studio</translation>
    </message>
    <message>
        <source>&lt;b&gt;Berth Studio %1&lt;/b&gt;&lt;p&gt;A desktop container studio for Linux.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Berth Studio %1&lt;/b&gt;&lt;p&gt;一个适用于 Linux 的桌面容器工作室。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>The bundled engine stopped</source>
        <translation>内置引擎已停止</translation>
    </message>
    <message>
        <source>Could not reach an engine</source>
        <translation>无法连接到引擎</translation>
    </message>
    <message>
        <source>no engine</source>
        <translation>无引擎</translation>
    </message>
    <message>
        <source>No engine</source>
        <translation>无引擎</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>正在连接到 %1…</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Connected to %1, API %2</source>
        <translation>已连接到 %1，API %2</translation>
    </message>
    <message>
        <source>Not connected; retrying</source>
        <translation>未连接；正在重试</translation>
    </message>
    <message numerus="yes">
        <source>%n running</source>
        <translation>
            <numerusform>%n 个正在运行</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>berth::studio::NetworksPage</name>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Networks &amp; links</source>
        <translation>网络与链接</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Driver</source>
        <translation>驱动</translation>
    </message>
    <message>
        <source>Subnet</source>
        <translation>子网</translation>
    </message>
    <message>
        <source>Containers</source>
        <translation>容器</translation>
    </message>
    <message>
        <source>Create network…</source>
        <translation>创建网络…</translation>
    </message>
    <message>
        <source>Create network</source>
        <translation>创建网络</translation>
    </message>
    <message>
        <source>Network name:</source>
        <translation>网络名称：</translation>
    </message>
    <message>
        <source>Subnet in CIDR notation (empty: the engine chooses one):</source>
        <translation>CIDR 表示法的子网（留空则由引擎选择）：</translation>
    </message>
    <message>
        <source>Could not create the network</source>
        <translation>无法创建网络</translation>
    </message>
    <message>
        <source>Could not remove the network</source>
        <translation>无法删除网络</translation>
    </message>
    <message>
        <source>Could not read the containers</source>
        <translation>无法读取容器</translation>
    </message>
    <message>
        <source>Export diagram…</source>
        <translation>导出图表…</translation>
    </message>
    <message>
        <source>Save the diagram as an SVG or PNG image</source>
        <translation>将图表保存为 SVG 或 PNG 图像</translation>
    </message>
    <message>
        <source>Export diagram</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>networks.svg</source>
        <translation>networks.svg</translation>
    </message>
    <message>
        <source>SVG image (*.svg);;PNG image (*.png)</source>
        <translation>SVG 图像 (*.svg);;PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Could not export the diagram</source>
        <translation>无法导出图表</translation>
    </message>
</context>
<context>
    <name>berth::studio::PortForwardEditor</name>
    <message>
        <source>The image declares no ports with EXPOSE</source>
        <translation>镜像没有用 EXPOSE 声明任何端口</translation>
    </message>
    <message>
        <source>Add a row for each port the image exposes: %1</source>
        <translation>为镜像暴露的每个端口添加一行：%1</translation>
    </message>
    <message>
        <source>Row %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <source>choose the port in the container.</source>
        <translation>请选择容器中的端口。</translation>
    </message>
    <message>
        <source>a port is a number from 1 to 65535, or a range such as 8080-8081.</source>
        <translation>端口是 1 到 65535 之间的数字，或 8080-8081 这样的范围。</translation>
    </message>
    <message>
        <source>the host range %1 and the container range %2 differ in length.</source>
        <translation>主机范围 %1 与容器范围 %2 的长度不同。</translation>
    </message>
    <message>
        <source>the protocol is tcp, udp or sctp, not &quot;%1&quot;.</source>
        <translation>协议应为 tcp、udp 或 sctp，而不是“%1”。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IPv4 or IPv6 address.</source>
        <translation>“%1”不是 IPv4 或 IPv6 地址。</translation>
    </message>
    <message>
        <source>no interface of this machine has the address %1.</source>
        <translation>本机没有任何网络接口拥有地址 %1。</translation>
    </message>
    <message>
        <source>host port %1/%2 is already forwarded in an earlier row.</source>
        <translation>主机端口 %1/%2 已在前面的行中转发。</translation>
    </message>
    <message>
        <source>host port %1/%2 is in use by the container %3; choose another one.</source>
        <translation>主机端口 %1/%2 已被容器 %3 占用；请选择另一个端口。</translation>
    </message>
    <message>
        <source>host port %1/%2 is in use on this machine; choose another one.</source>
        <translation>主机端口 %1/%2 在本机上已被占用；请选择其他端口。</translation>
    </message>
    <message>
        <source>Row %1: host port %2 is privileged (below %3), so only an engine that runs as root can bind it. berthd does; a rootless engine does not.</source>
        <translation>第 %1 行：主机端口 %2 是特权端口（低于 %3），只有以 root 身份运行的引擎才能绑定它。berthd 可以，无 root 权限的引擎不行。</translation>
    </message>
</context>
<context>
    <name>berth::studio::PreviewGutter</name>
    <message>
        <source>Layer preview beside the lines</source>
        <translation>代码行旁的层预览</translation>
    </message>
    <message>
        <source>config only</source>
        <translation>仅配置</translation>
    </message>
    <message>
        <source>would rebuild</source>
        <translation>将重新构建</translation>
    </message>
    <message>
        <source>wastes %1</source>
        <translation>浪费 %1</translation>
    </message>
</context>
<context>
    <name>berth::studio::PullDialog</name>
    <message>
        <source>&amp;Pull</source>
        <translation>拉取(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Cancel Pull</source>
        <translation>取消拉取(&amp;C)</translation>
    </message>
    <message>
        <source>Not an image name: use lower-case letters, digits and -_./:</source>
        <translation>不是有效的镜像名称：请使用小写字母、数字和 -_./:</translation>
    </message>
    <message>
        <source>Enter the name of the image to pull.</source>
        <translation>请输入要拉取的镜像名称。</translation>
    </message>
    <message>
        <source>Listing tags…</source>
        <translation>正在列出标签…</translation>
    </message>
    <message>
        <source>No tag list</source>
        <translation>无标签列表</translation>
    </message>
    <message>
        <source>The registry or the engine cannot list tags: %1</source>
        <translation>镜像仓库或引擎无法列出标签：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n tag(s)</source>
        <translation>
            <numerusform>%n 个标签</numerusform>
        </translation>
    </message>
    <message>
        <source>Pulling %1</source>
        <translation>正在拉取 %1</translation>
    </message>
    <message>
        <source>Pull of %1 cancelled</source>
        <translation>已取消拉取 %1</translation>
    </message>
    <message>
        <source>Pull of %1 failed</source>
        <translation>拉取 %1 失败</translation>
    </message>
    <message>
        <source>Pulled %1</source>
        <translation>已拉取 %1</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>The pull was cancelled, so no image was stored. The layer data downloaded so far is kept, and the next pull of %1 resumes from it.</source>
        <translation>拉取已取消，因此没有存储镜像。已下载的层数据会保留，下次拉取 %1 时从这里继续。</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>The registry requires a login to pull %1.</source>
        <translation>拉取 %1 需要登录仓库服务。</translation>
    </message>
</context>
<context>
    <name>berth::studio::PushDialog</name>
    <message>
        <source>&amp;Push</source>
        <translation>推送(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Cancel Push</source>
        <translation>取消推送(&amp;C)</translation>
    </message>
    <message>
        <source>Pushing %1</source>
        <translation>正在推送 %1</translation>
    </message>
    <message>
        <source>Push of %1 cancelled</source>
        <translation>已取消推送 %1</translation>
    </message>
    <message>
        <source>Push of %1 failed</source>
        <translation>推送 %1 失败</translation>
    </message>
    <message>
        <source>Pushed %1</source>
        <translation>已推送 %1</translation>
    </message>
    <message>
        <source>Docker Hub (docker.io)</source>
        <translation>Docker Hub（docker.io）</translation>
    </message>
    <message>
        <source>Enter the name to push the image as.</source>
        <translation>请输入推送镜像时使用的名称。</translation>
    </message>
    <message>
        <source>A push needs a tag, not a digest.</source>
        <translation>推送需要标签，而不是摘要。</translation>
    </message>
    <message>
        <source>Not an image name: use lower-case letters, digits and -_./:</source>
        <translation>不是有效的镜像名称：请使用小写字母、数字和 -_./:</translation>
    </message>
    <message>
        <source>Not a tag: use up to 128 letters, digits and _.- after the colon.</source>
        <translation>不是有效的标签：冒号后最多可用 128 个字母、数字和 _.- 字符。</translation>
    </message>
    <message>
        <source>This pushes to Docker Hub, the public registry at docker.io. To push to a private registry, start the name with its host, such as registry.example.com/%1.</source>
        <translation>这会推送到 Docker Hub，即位于 docker.io 的公共仓库服务。要推送到私有仓库服务，请在名称开头写上它的主机，例如 registry.example.com/%1。</translation>
    </message>
    <message>
        <source>Could not tag the image as %1: %2</source>
        <translation>无法把镜像标记为 %1：%2</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>The push was cancelled. Layers the registry received completely stay there, so the next push skips them.</source>
        <translation>推送已取消。仓库服务已完整收到的层会保留，下次推送时跳过它们。</translation>
    </message>
    <message>
        <source>The registry requires a login to push to %1.</source>
        <translation>推送到 %1 需要登录仓库服务。</translation>
    </message>
</context>
<context>
    <name>berth::studio::RenameDialog</name>
    <message>
        <source>Enter a name.</source>
        <translation>请输入名称。</translation>
    </message>
    <message>
        <source>Invalid name: use at least two characters from a-z, A-Z, 0-9, &quot;_&quot;, &quot;.&quot; and &quot;-&quot;, starting with a letter or digit.</source>
        <translation>名称无效：请使用至少两个来自 a-z、A-Z、0-9、“_”、“.” 和 “-” 的字符，并以字母或数字开头。</translation>
    </message>
    <message>
        <source>The name &quot;%1&quot; is already in use by another container.</source>
        <translation>名称“%1”已被另一个容器使用。</translation>
    </message>
    <message>
        <source>Rename %1</source>
        <translation>重命名 %1</translation>
    </message>
    <message>
        <source>Enter a name other than the current one.</source>
        <translation>请输入与当前名称不同的名称。</translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>重命名(&amp;R)</translation>
    </message>
</context>
<context>
    <name>berth::studio::ResourceLimitsEditor</name>
    <message>
        <source>%1 MiB</source>
        <translation>%1 MiB</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>无限制</translation>
    </message>
    <message>
        <source>Twice the memory</source>
        <translation>内存的两倍</translation>
    </message>
    <message>
        <source>Memory limit in MiB</source>
        <translation>内存限制（MiB）</translation>
    </message>
    <message>
        <source> MiB</source>
        <translation> MiB</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>无限制</translation>
    </message>
    <message>
        <source>Memory plus swap limit in MiB</source>
        <translation>内存加交换空间的限制，单位 MiB</translation>
    </message>
    <message>
        <source>The memory limit plus the swap the container may use. With &quot;Twice the memory&quot; the engine allows as much swap as memory.</source>
        <translation>内存限制加上容器可用的交换空间。选择“内存的两倍”时，引擎允许与内存同样多的交换空间。</translation>
    </message>
    <message>
        <source>Number of CPUs</source>
        <translation>CPU 数量</translation>
    </message>
    <message>
        <source>CPU shares, a relative weight</source>
        <translation>CPU 份额，一个相对权重</translation>
    </message>
    <message>
        <source>The container&apos;s share of CPU time when CPUs are busy, relative to other containers; the engine&apos;s default is 1024.</source>
        <translation>CPU 繁忙时该容器相对于其他容器所得的 CPU 时间份额；引擎的默认值为 1024。</translation>
    </message>
    <message>
        <source>Default (1024)</source>
        <translation>默认（1024）</translation>
    </message>
    <message>
        <source>Maximum number of processes</source>
        <translation>最大进程数</translation>
    </message>
    <message>
        <source>&amp;Memory limit:</source>
        <translation>内存限制(&amp;M)：</translation>
    </message>
    <message>
        <source>Memory + s&amp;wap:</source>
        <translation>内存 + 交换(&amp;W)：</translation>
    </message>
    <message>
        <source>CPU&amp;s:</source>
        <translation>CPU 数(&amp;S)：</translation>
    </message>
    <message>
        <source>CPU s&amp;hares:</source>
        <translation>CPU 份额(&amp;H)：</translation>
    </message>
    <message>
        <source>Processes &amp;limit:</source>
        <translation>进程数限制(&amp;L)：</translation>
    </message>
    <message>
        <source>The memory limit must be at least %1 MiB.</source>
        <translation>内存限制至少为 %1 MiB。</translation>
    </message>
    <message>
        <source>A memory + swap limit needs a memory limit too.</source>
        <translation>设置内存 + 交换限制时也需要设置内存限制。</translation>
    </message>
    <message>
        <source>The memory + swap limit must be at least the memory limit.</source>
        <translation>内存 + 交换限制不能小于内存限制。</translation>
    </message>
    <message>
        <source>The CPU limit must be between 0.01 and %1.</source>
        <translation>CPU 限制必须在 0.01 到 %1 之间。</translation>
    </message>
    <message>
        <source>The CPU limit must be at least 0.01.</source>
        <translation>CPU 限制至少为 0.01。</translation>
    </message>
    <message>
        <source>CPU shares must be between %1 and %2.</source>
        <translation>CPU 份额必须在 %1 到 %2 之间。</translation>
    </message>
</context>
<context>
    <name>berth::studio::RunDialog</name>
    <message>
        <source>Never (the engine&apos;s default)</source>
        <translation>从不（引擎的默认值）</translation>
    </message>
    <message>
        <source>Always</source>
        <translation>总是</translation>
    </message>
    <message>
        <source>Unless stopped</source>
        <translation>除非已停止</translation>
    </message>
    <message>
        <source>On failure</source>
        <translation>失败时</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>Could not read that line: %1</source>
        <translation>无法读取该命令行：%1</translation>
    </message>
    <message>
        <source>Every flag was placed.</source>
        <translation>所有标志均已填入。</translation>
    </message>
    <message>
        <source>Not placed, because this dialog has no field for them yet: %1</source>
        <translation>以下标志未填入，因为此对话框还没有对应的字段：%1</translation>
    </message>
    <message>
        <source>Paste a docker run Line</source>
        <translation>粘贴 docker run 命令行</translation>
    </message>
    <message>
        <source>A docker run command line:</source>
        <translation>docker run 命令行：</translation>
    </message>
    <message>
        <source>Choose an image to run.</source>
        <translation>请选择要运行的镜像。</translation>
    </message>
    <message>
        <source>Not an image reference: use lower-case letters, digits and -_./ with an optional :tag.</source>
        <translation>不是有效的镜像引用：请使用小写字母、数字和 -_./，可带可选的 :标签。</translation>
    </message>
    <message>
        <source>A name is at least two characters: a letter or digit, then letters, digits, _ . or -.</source>
        <translation>名称至少两个字符：以字母或数字开头，后跟字母、数字、_ . 或 -。</translation>
    </message>
    <message>
        <source>Every variable needs a name without spaces.</source>
        <translation>每个变量都需要一个不含空格的名称。</translation>
    </message>
    <message>
        <source>The command has an unterminated quote.</source>
        <translation>命令中有未闭合的引号。</translation>
    </message>
    <message>
        <source>Create and start the container</source>
        <translation>创建并启动容器</translation>
    </message>
    <message>
        <source>Row %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <source>The image declares VOLUME %1. Each path without a mapping becomes a new anonymous volume.</source>
        <translation>镜像声明了 VOLUME %1。每个没有映射的路径都会成为一个新的匿名卷。</translation>
    </message>
    <message>
        <source>choose the path in the container.</source>
        <translation>请选择容器中的路径。</translation>
    </message>
    <message>
        <source>the container path must be absolute, starting with /.</source>
        <translation>容器路径必须是以 / 开头的绝对路径。</translation>
    </message>
    <message>
        <source>the container&apos;s root / cannot be a mount point.</source>
        <translation>容器的根目录 / 不能作为挂载点。</translation>
    </message>
    <message>
        <source>%1 is already mapped in an earlier row.</source>
        <translation>%1 已在前面的行中映射。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is neither an absolute host path nor a volume name; use a path starting with /.</source>
        <translation>“%1”既不是主机绝对路径，也不是卷名；请使用以 / 开头的路径。</translation>
    </message>
    <message>
        <source>the file %1 does not exist; the engine would create a directory in its place.</source>
        <translation>文件 %1 不存在；引擎会在该位置创建一个目录。</translation>
    </message>
    <message>
        <source>Row %1: %2 does not exist yet; the engine will create it as an empty directory.</source>
        <translation>第 %1 行：%2 尚不存在；引擎会将其创建为空目录。</translation>
    </message>
    <message>
        <source>Bind a Host File</source>
        <translation>绑定主机文件</translation>
    </message>
    <message>
        <source>Bind a Host Folder</source>
        <translation>绑定主机文件夹</translation>
    </message>
    <message>
        <source>No volumes yet: type a name in the table to create one</source>
        <translation>还没有卷：在表格中输入名称即可创建</translation>
    </message>
    <message>
        <source>No containers yet</source>
        <translation>还没有容器</translation>
    </message>
    <message>
        <source>Not placed, because the Resources tab sets memory in whole MiB and CPUs in hundredths: %1</source>
        <translation>未填入，因为“资源”页的内存以整 MiB 为单位、CPU 以百分之一为单位：%1</translation>
    </message>
</context>
<context>
    <name>berth::studio::SettingsDialog</name>
    <message>
        <source>No Berth, Docker or Podman socket was found on this machine.</source>
        <translation>在本机上未找到 Berth、Docker 或 Podman 套接字。</translation>
    </message>
    <message>
        <source>Found on this machine:</source>
        <translation>在本机上找到：</translation>
    </message>
    <message>
        <source>Choose an engine…</source>
        <translation>选择一个引擎…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Write unix:///path/to/socket or tcp://127.0.0.1:PORT.</source>
        <translation>请填写 unix:///path/to/socket 或 tcp://127.0.0.1:PORT。</translation>
    </message>
</context>
<context>
    <name>berth::studio::SharingView</name>
    <message>
        <source>Container</source>
        <translation>容器</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>卷</translation>
    </message>
    <message>
        <source>Host directory</source>
        <translation>主机目录</translation>
    </message>
    <message>
        <source>Volume sharing map</source>
        <translation>卷共享图</translation>
    </message>
    <message>
        <source>Could not lay out the map: %1</source>
        <translation>无法布局此图：%1</translation>
    </message>
    <message>
        <source>--volumes-from %1</source>
        <translation>--volumes-from %1</translation>
    </message>
    <message>
        <source>Mounted at %1%2</source>
        <translation>挂载于 %1%2</translation>
    </message>
    <message>
        <source>, read-only</source>
        <translation>，只读</translation>
    </message>
    <message>
        <source>volumes-from</source>
        <translation>volumes-from</translation>
    </message>
    <message>
        <source>volumes-from:%1</source>
        <translation>volumes-from:%1</translation>
    </message>
    <message>
        <source>Read-only mount</source>
        <translation>只读挂载</translation>
    </message>
    <message>
        <source>--volumes-from</source>
        <translation>--volumes-from</translation>
    </message>
    <message>
        <source>Map legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <source>Read-write mount</source>
        <translation>读写挂载</translation>
    </message>
    <message>
        <source>Show containers without volumes</source>
        <translation>显示没有卷的容器</translation>
    </message>
</context>
<context>
    <name>berth::studio::StepDetails</name>
    <message>
        <source>added</source>
        <translation>已添加</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>modified</source>
        <translation>已修改</translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>（未设置）</translation>
    </message>
    <message>
        <source>(no value)</source>
        <translation>（无值）</translation>
    </message>
    <message>
        <source>Merged filesystem up to this step</source>
        <translation>截至此步骤的合并文件系统</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>设置项</translation>
    </message>
    <message>
        <source>Value after this step</source>
        <translation>此步骤之后的值</translation>
    </message>
    <message>
        <source>Effective configuration</source>
        <translation>生效配置</translation>
    </message>
    <message>
        <source>Config</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变更</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Layer files</source>
        <translation>层文件</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>Wasted</source>
        <translation>浪费</translation>
    </message>
    <message>
        <source>Wasted bytes per line</source>
        <translation>每行浪费的字节数</translation>
    </message>
    <message>
        <source>Efficiency</source>
        <translation>效率</translation>
    </message>
    <message>
        <source>Select a step to see its files.</source>
        <translation>选择一个步骤以查看其文件。</translation>
    </message>
    <message>
        <source>The files this stage&apos;s cached layers leave up to line %1. The base image&apos;s own files are not listed.</source>
        <translation>此阶段已缓存的层截至第 %1 行留下的文件。基础镜像自身的文件不在列表中。</translation>
    </message>
    <message>
        <source>This step changes only the image config.</source>
        <translation>此步骤只更改镜像配置。</translation>
    </message>
    <message>
        <source>The files of a layer are known once the build cache has it.</source>
        <translation>构建缓存中有该层后才能知道它的文件。</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) in this layer.</source>
        <translation>
            <numerusform>此层中有 %n 处变更。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 in the cached layers is overwritten or deleted by later layers.</source>
        <translation>已缓存层中的 %1 被后面的层覆盖或删除。</translation>
    </message>
    <message>
        <source>No cached layer holds bytes that a later layer overwrites or deletes.</source>
        <translation>没有已缓存的层包含被后面的层覆盖或删除的字节。</translation>
    </message>
    <message>
        <source>Efficiency %1%: %2 of the %3 in the image&apos;s layers, base image included, is overwritten or deleted by later layers.</source>
        <translation>效率 %1%：镜像各层（含基础镜像）共 %3，其中 %2 被后续层覆盖或删除。</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
</context>
<context>
    <name>berth::studio::TagDialog</name>
    <message>
        <source>Enter a repository, such as registry.example:5000/team/app.</source>
        <translation>请输入仓库，例如 registry.example:5000/team/app。</translation>
    </message>
    <message>
        <source>A repository has no digest: remove the part from &quot;@&quot;.</source>
        <translation>仓库名不含摘要：请删除从“@”开始的部分。</translation>
    </message>
    <message>
        <source>Enter the tag in the Tag field, not after a colon.</source>
        <translation>请在“标签”栏中输入标签，不要写在冒号后面。</translation>
    </message>
    <message>
        <source>A tag cannot contain a colon, and digests cannot be tagged.</source>
        <translation>标签不能包含冒号，也不能给摘要加标签。</translation>
    </message>
    <message>
        <source>Invalid repository or tag: %1.</source>
        <translation>无效的仓库或标签：%1。</translation>
    </message>
    <message>
        <source>Tag %1</source>
        <translation>标记 %1</translation>
    </message>
    <message>
        <source>Repository</source>
        <translation>仓库</translation>
    </message>
    <message>
        <source>registry.example:5000/team/app</source>
        <translation>registry.example:5000/team/app</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>&amp;Tag</source>
        <translation>标记(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Repository:</source>
        <translation>仓库(&amp;R)：</translation>
    </message>
    <message>
        <source>T&amp;ag:</source>
        <translation>标签(&amp;A)：</translation>
    </message>
    <message>
        <source>Add the tag to the image</source>
        <translation>给镜像添加该标签</translation>
    </message>
</context>
<context>
    <name>berth::studio::TaskStrip</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel task</source>
        <translation>取消任务</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>berth::studio::TerminalView</name>
    <message>
        <source>Terminal</source>
        <translation>终端</translation>
    </message>
</context>
<context>
    <name>berth::studio::TextSearchBar</name>
    <message>
        <source>Search (Ctrl+F)</source>
        <translation>搜索（Ctrl+F）</translation>
    </message>
    <message>
        <source>Previous match</source>
        <translation>上一个匹配</translation>
    </message>
    <message>
        <source>Previous match (Shift+F3)</source>
        <translation>上一个匹配（Shift+F3）</translation>
    </message>
    <message>
        <source>Next match</source>
        <translation>下一个匹配</translation>
    </message>
    <message>
        <source>Next match (F3)</source>
        <translation>下一个匹配（F3）</translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>没有匹配</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>第 %1 个，共 %2 个</translation>
    </message>
    <message numerus="yes">
        <source>%n match(es)</source>
        <translation>
            <numerusform>%n 个匹配</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>berth::studio::UpdateDialog</name>
    <message>
        <source>Update %1</source>
        <translation>更新 %1</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Always</source>
        <translation>总是</translation>
    </message>
    <message>
        <source>Unless stopped</source>
        <translation>除非已停止</translation>
    </message>
    <message>
        <source>On failure</source>
        <translation>失败时</translation>
    </message>
    <message>
        <source>An update cannot remove the memory limit; enter a new limit instead.</source>
        <translation>更新无法移除内存限制；请改为输入新的限制。</translation>
    </message>
    <message>
        <source>An update cannot remove the CPU limit; enter a new limit instead.</source>
        <translation>更新无法移除 CPU 限制；请改为输入新的限制。</translation>
    </message>
    <message>
        <source>&amp;Update</source>
        <translation>更新(&amp;U)</translation>
    </message>
</context>
<context>
    <name>berth::studio::VolumesModel</name>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>unused</source>
        <translation>未使用</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Driver</source>
        <translation>驱动</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Used by</source>
        <translation>使用者</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
</context>
<context>
    <name>berth::studio::VolumesPage</name>
    <message>
        <source>Could not list the volumes</source>
        <translation>无法列出卷</translation>
    </message>
    <message>
        <source>&amp;Create…</source>
        <translation>创建(&amp;C)…</translation>
    </message>
    <message>
        <source>Create a named volume</source>
        <translation>创建命名卷</translation>
    </message>
    <message>
        <source>Re&amp;move…</source>
        <translation>删除(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Prune…</source>
        <translation>清理(&amp;P)…</translation>
    </message>
    <message>
        <source>Remove the volumes no container uses</source>
        <translation>删除没有容器使用的卷</translation>
    </message>
    <message>
        <source>&amp;List</source>
        <translation>列表(&amp;L)</translation>
    </message>
    <message>
        <source>Sharing &amp;Map</source>
        <translation>共享图(&amp;M)</translation>
    </message>
    <message>
        <source>Volumes</source>
        <translation>卷</translation>
    </message>
    <message>
        <source>Filter volumes (Ctrl+F)</source>
        <translation>筛选卷 (Ctrl+F)</translation>
    </message>
    <message>
        <source>Filter volumes</source>
        <translation>筛选卷</translation>
    </message>
    <message>
        <source>No volumes yet. Create one, or map one in the Run dialog&apos;s Volumes tab.</source>
        <translation>还没有卷。创建一个，或在“运行”对话框的“卷”标签页中映射一个。</translation>
    </message>
    <message>
        <source>Create a Volume…</source>
        <translation>创建卷…</translation>
    </message>
    <message>
        <source>Create a Volume</source>
        <translation>创建卷</translation>
    </message>
    <message>
        <source>Name (letters, digits, _ . -; empty lets the engine choose):</source>
        <translation>名称（字母、数字、_ . -；留空则由引擎选择）：</translation>
    </message>
    <message>
        <source>Could not create a volume</source>
        <translation>无法创建卷</translation>
    </message>
    <message>
        <source>Could not create volume %1</source>
        <translation>无法创建卷 %1</translation>
    </message>
    <message>
        <source>A volume name starts with a letter or digit, followed by at least one letter, digit, _ . or -.</source>
        <translation>卷名以字母或数字开头，后跟至少一个字母、数字、_ . 或 -。</translation>
    </message>
    <message>
        <source>Remove Volumes</source>
        <translation>删除卷</translation>
    </message>
    <message>
        <source>Remove %1?</source>
        <translation>删除 %1？</translation>
    </message>
    <message numerus="yes">
        <source>%n volume(s)</source>
        <translation>
            <numerusform>%n 个卷</numerusform>
        </translation>
    </message>
    <message>
        <source>Every file in the volume is deleted. A volume that a container uses cannot be removed until the container is.</source>
        <translation>卷中的所有文件都会被删除。被容器使用的卷要等该容器删除后才能删除。</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>删除(&amp;R)</translation>
    </message>
    <message>
        <source>Could not remove volume %1</source>
        <translation>无法删除卷 %1</translation>
    </message>
    <message>
        <source>Prune Volumes</source>
        <translation>清理卷</translation>
    </message>
    <message>
        <source>Remove every anonymous volume that no container uses?</source>
        <translation>删除所有没有容器使用的匿名卷？</translation>
    </message>
    <message>
        <source>Their files are deleted.</source>
        <translation>它们的文件会被删除。</translation>
    </message>
    <message>
        <source>Also remove unused &amp;named volumes</source>
        <translation>同时删除未使用的命名卷(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Prune</source>
        <translation>清理(&amp;P)</translation>
    </message>
    <message>
        <source>Could not prune the volumes</source>
        <translation>无法清理卷</translation>
    </message>
</context>
<context>
    <name>berth::studio::Work</name>
    <message>
        <source>%1 cancelled</source>
        <translation>%1 已取消</translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation>%1 失败</translation>
    </message>
</context>
</TS>
