// `suanli transformer` as a user runs it: verified JSON on two ranks with the
// data-parallel step's figures; an unknown preset is one line and exit 2 with
// nothing written.
#include <nlohmann/json.hpp>

#include "e2e_fixture.hpp"

namespace {

using suanli::e2e::Outcome;
using suanli::e2e::read_file;
class TransformerEndToEnd : public suanli::e2e::EndToEnd {};

TEST_F(TransformerEndToEnd, TwoRanksTrainAndInferVerified) {
  const std::string two_ranks =
      fmt::format("OMP_NUM_THREADS=1 {} --oversubscribe --allow-run-as-root -np 2", SUANLI_MPIEXEC);
  Outcome o = run("transformer --d-model 64 --heads 2 --ffn 128 --seq 32 --layers 2 --json t.json --quiet", two_ranks);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const nlohmann::json report = nlohmann::json::parse(read_file(dir_ / "t.json"));
  EXPECT_EQ(report["all_verified"], true);
  const auto& step = report["results"].back();
  EXPECT_EQ(step["metric"], "training step");
  EXPECT_EQ(step["parameters"]["ranks"], 2);
  EXPECT_GT(step["parameters"]["ranks_2_step_seconds"].get<double>(), 0);
  EXPECT_GT(step["parameters"]["all_reduce_alone_seconds"].get<double>(), 0);
  EXPECT_GT(step["efficiency"].get<double>(), 0);  // model FLOP utilisation
  EXPECT_EQ(report["results"][0]["parameters"]["model"], "gpt2-small");
}

TEST_F(TransformerEndToEnd, UnknownPresetIsOneLineAndExitTwo) {
  Outcome o = run("transformer --model gpt-5 --json never.json");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.err, "suanli: --model: unknown preset 'gpt-5'; expected gpt2-small|gpt2-medium|llama-7b-layer\n");
  EXPECT_TRUE(files().empty());
}

}  // namespace
