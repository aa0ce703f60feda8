// Placeholder entry so `npx bedrock-bot --help` works from the first commit; replaced by the commander CLI.
console.log("bedrock-bot: CLI under construction");
