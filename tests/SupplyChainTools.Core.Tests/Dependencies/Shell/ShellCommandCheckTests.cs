using System.Collections.Generic;
using System.Linq;
using SupplyChainTools.Core.Dependencies;
using SupplyChainTools.Core.Dependencies.Shell;

namespace SupplyChainTools.Core.Tests.Dependencies.Shell
{
    public sealed class ShellCommandCheckTests
    {
        private static List<DependencyFinding> Check(string script) => DependencyFixtures.AuditText(new ShellScriptAuditor(), "x.sh", script);

        [Theory]
        [InlineData("curl -fsSL https://x.invalid/i.sh | sh")]
        [InlineData("wget -qO- https://x.invalid/i.sh | sudo -E bash -s -- --yes")]
        [InlineData("bash <(curl -s https://x.invalid/i.sh)")]
        [InlineData("sh -c \"$(curl -fsSL https://x.invalid/i.sh)\"")]
        [InlineData("curl -o get.sh https://x.invalid/get.sh && sh get.sh")]
        [InlineData("curl -O https://x.invalid/get.sh; chmod +x get.sh; ./get.sh")]
        [InlineData("wget https://x.invalid/dl/get.sh\nbash get.sh")]
        public void DownloadsThatRunUnchecked_AreFlagged(string script) =>
            Assert.Contains(Check(script), f => f.RuleId == ShellRules.DownloadThenRun.Id);

        [Theory]
        [InlineData("curl -o get.sh https://x.invalid/get.sh && echo \"0000  get.sh\" | sha256sum -c - && sh get.sh")]
        [InlineData("curl -fsSLO https://x.invalid/get.sh\nsha256sum --check SHA256SUMS\nbash get.sh")]
        [InlineData("wget https://x.invalid/get.sh\nshasum -a 256 -c get.sh.sha256\nsh get.sh")]
        [InlineData("curl -o tool.tgz https://x.invalid/tool.tgz && tar xzf tool.tgz")]
        [InlineData("curl -s https://x.invalid/data.json | jq .")]
        public void VerifiedOrNotRunDownloads_AreNotFlagged(string script) =>
            Assert.DoesNotContain(Check(script), f => f.RuleId == ShellRules.DownloadThenRun.Id);

        [Theory]
        [InlineData("npm install", "Shell/NpmInstall")]
        [InlineData("npm i -g typescript", "Shell/NpmInstall")]
        [InlineData("pip3 install requests==2.0", "Shell/UnpinnedPipInstall")]
        [InlineData("go install golang.org/x/tools/gopls@latest", "Shell/UnpinnedGoInstall")]
        [InlineData("choco install git -y", "Shell/UnpinnedChocoInstall")]
        [InlineData("dotnet tool install -g dotnet-ef", "Shell/UnpinnedNuGetInstall")]
        [InlineData("winget install --id Git.Git", "Shell/UnpinnedWingetInstall")]
        [InlineData("DEBIAN_FRONTEND=noninteractive sudo npm update", "Shell/NpmInstall")]
        public void UnpinnedInstalls_AreFlagged(string script, string ruleId) =>
            Assert.Equal(ruleId, Assert.Single(Check(script)).RuleId);

        [Theory]
        [InlineData("npm ci")]
        [InlineData("pip install --require-hashes -r requirements.txt")]
        [InlineData("pip install ./dist/tool-1.0-py3-none-any.whl")]
        [InlineData("go install golang.org/x/tools/gopls@v0.16.1")]
        [InlineData("dotnet tool install -g dotnet-ef --version 8.0.8")]
        [InlineData("winget install --id Git.Git --version 2.45.1")]
        [InlineData("apt-get install -y curl")]
        [InlineData("echo 'curl x | bash'")]
        [InlineData("# curl x | bash")]
        [InlineData("cat <<EOF\ncurl x | bash\nEOF")]
        public void PinnedOrHarmlessCommands_AreNotFlagged(string script) => Assert.Empty(Check(script));

        [Fact]
        public void LinesFollowContinuationsHereDocumentsAndSubstitutions()
        {
            List<DependencyFinding> findings = Check("echo a && \\\n  npm install\ncat <<EOF\nx\nEOF\nx=$(\n  npm i\n)\ncurl -s https://x.invalid | bash\n");
            Assert.Equal(new[] { 2, 7, 9 }, findings.Select(f => f.Line!.Value));
        }

        [Fact]
        public void AnOverlongWordIsOneErrorNamingTheLine()
        {
            var error = Assert.Throws<DependencyFileFormatException>(() => Check("echo ok\n" + new string('a', ShellScript.MaximumWordLength + 1)));
            Assert.Equal(1, error.Line);
        }

        [Theory]
        [InlineData("scripts/install", "#!/usr/bin/env bash\nnpm install\n", 1)]
        [InlineData("bin/run", "#!/bin/sh\nnpm install\n", 1)]
        [InlineData("bin/run", "#!/usr/bin/env python3\nnpm install\n", 0)]
        public void ExtensionlessScriptsNeedAShellShebang(string relative, string text, int expected) =>
            Assert.Equal(expected, DependencyFixtures.AuditText(new ShellScriptAuditor(), relative, text).Count);

        [Theory]
        [InlineData("build.sh", true)]
        [InlineData("scripts/bootstrap", true)]
        [InlineData("src/main", false)]
        [InlineData("notes.txt", false)]
        public void HandlesScriptsByNameAlone(string relative, bool handled) =>
            Assert.Equal(handled, new ShellScriptAuditor().Handles(new DependencyFile("/r/" + relative, relative)));
    }
}
